import { describe, expect, it } from 'vitest';
import { type ConsumerDefinition, planConsumer } from './consumer-definition.ts';
import { clientFilterFor } from './runner-support.ts';
import { capabilitiesOf } from './server-capabilities.ts';

const definition: ConsumerDefinition = {
  durable: 'ns-agent',
  filterSubjects: ['ns.events.*.*.*.message.routed', 'ns.events.*.*.*.message.rejected'],
  ackWaitMs: 30_000,
  maxDeliver: 6,
  maxAckPending: 100,
  description: 'agent',
};

describe('planning a durable consumer', () => {
  it('on 2.10+ several filters are native', () => {
    const plan = planConsumer(definition, capabilitiesOf('2.10.0'));
    expect(plan.config.filter_subjects).toEqual(definition.filterSubjects);
    expect(plan.config.filter_subject).toBeUndefined();
    expect(plan.clientSideFilter).toBe(false);
  });

  it('on 2.9 several filters become one covering filter and a client-side skip', () => {
    const plan = planConsumer(definition, capabilitiesOf('2.9.10'));
    expect(plan.config.filter_subject).toBe('ns.events.*.*.*.message.*');
    expect(plan.config.filter_subjects).toBeUndefined();
    expect(plan.clientSideFilter).toBe(true);
  });

  it('one filter or none needs no fallback', () => {
    const one = planConsumer(
      { ...definition, filterSubjects: ['ns.events.>'] },
      capabilitiesOf('2.9.10'),
    );
    expect(one.config.filter_subject).toBe('ns.events.>');
    const none = planConsumer({ ...definition, filterSubjects: [] }, capabilitiesOf('2.9.10'));
    expect(none.config.filter_subject).toBeUndefined();
    expect(none.clientSideFilter).toBe(false);
  });

  it('explicit acks, deliver all, ack wait in nanoseconds', () => {
    const { config } = planConsumer(definition, capabilitiesOf('2.9.10'));
    expect(config).toMatchObject({
      durable_name: 'ns-agent',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      ack_wait: 30_000_000_000,
      max_deliver: 6,
      max_ack_pending: 100,
    });
  });

  it('the runner filters itself only when the server filters differently', () => {
    const filters = definition.filterSubjects;
    expect(clientFilterFor(filters, { filter_subjects: [...filters] })).toBeUndefined();
    const skip = clientFilterFor(filters, { filter_subject: 'ns.events.*.*.*.message.*' });
    expect(skip?.('ns.events.t.conversation.c.message.routed')).toBe(true);
    expect(skip?.('ns.events.t.conversation.c.message.received')).toBe(false);
    expect(clientFilterFor(undefined, { filter_subject: 'x' })).toBeUndefined();
  });
});
