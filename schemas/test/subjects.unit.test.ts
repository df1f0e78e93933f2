import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ConnectionRemoved,
  createEvent,
  isSafeSubjectToken,
  MessageRouted,
  newEventId,
  ReplyDelta,
  stableId,
  subjectsFor,
  subjectToken,
} from '../src/index.ts';

/** NATS subject matching (`*` one token, `>` the rest), written here to test our filters. */
function matches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length || (f[i] !== '*' && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

const anyId = fc.oneof(
  fc.string(),
  fc.uuid(),
  fc.constantFrom('a.b', '*', '>', 'x y', '', 'C.*.>'),
);

describe('subject tokens', () => {
  test('any input becomes a safe, stable token', () => {
    fc.assert(
      fc.property(anyId, (raw) => {
        const token = subjectToken(raw);
        expect(isSafeSubjectToken(token)).toBe(true);
        expect(subjectToken(raw)).toBe(token);
      }),
    );
  });

  test('safe ids stay readable; unsafe ones are replaced', () => {
    expect(subjectToken('T0ACME')).toBe('T0ACME');
    expect(subjectToken('1712345678.000100')).not.toContain('.');
    expect(subjectToken('a.b')).not.toBe(subjectToken('a_b'));
  });
});

describe('the subject tree', () => {
  const subjects = subjectsFor('konstruct');

  test('a tenant history filter matches all of its events and none of another tenant', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), anyId, (tenantA, tenantB, rawThread) => {
        fc.pre(tenantA !== tenantB);
        const conversationId = stableId(['slack', 'T1', 'C1', rawThread]);
        const messageId = newEventId();
        const event = createEvent(
          MessageRouted,
          { tenantId: tenantA },
          { conversationId, messageId, agentId: newEventId(), channel: 'slack' },
        );
        const subject = subjects.of(MessageRouted, event);
        expect(subject.split('.')).toHaveLength(7);
        expect(matches(subjects.tenantEvents(tenantA), subject)).toBe(true);
        expect(matches(subjects.tenantEvents(tenantB), subject)).toBe(false);
        expect(matches(subjects.allEvents(), subject)).toBe(true);
        const conversation = { entity: 'conversation' as const, id: conversationId };
        expect(matches(subjects.entityEvents(tenantA, conversation), subject)).toBe(true);
        expect(matches(subjects.eventsOfType('message.routed'), subject)).toBe(true);
        expect(matches(subjects.eventsOfType('message.received'), subject)).toBe(false);
      }),
    );
  });

  test('live events stay off the stored-events filter', () => {
    const tenantId = newEventId();
    const delta = createEvent(
      ReplyDelta,
      { tenantId },
      {
        conversationId: newEventId(),
        replyId: newEventId(),
        messageId: newEventId(),
        agentId: newEventId(),
        index: 0,
        text: 'hi',
      },
    );
    const subject = subjects.of(ReplyDelta, delta);
    expect(subject.startsWith('konstruct.live.')).toBe(true);
    expect(matches(subjects.allEvents(), subject)).toBe(false);
    const conversation = { entity: 'conversation' as const, id: delta.data.conversationId };
    expect(matches(subjects.liveEntity(tenantId, conversation), subject)).toBe(true);
    expect(matches(subjects.liveOfType('reply.delta'), subject)).toBe(true);
    expect(matches(subjects.liveOfType('reply.delta', tenantId), subject)).toBe(true);
    expect(matches(subjects.liveOfType('reply.delta', newEventId()), subject)).toBe(false);
    expect(matches(subjects.liveOfType('reply.started'), subject)).toBe(false);
  });

  test('two namespaces never share a subject, stream or durable name', () => {
    const other = subjectsFor('staging');
    const event = createEvent(
      ConnectionRemoved,
      { tenantId: newEventId() },
      { connectionId: newEventId() },
    );
    expect(matches(other.allEvents(), subjects.of(ConnectionRemoved, event))).toBe(false);
    expect(other.streams.events).not.toBe(subjects.streams.events);
    expect(other.durable('router')).not.toBe(subjects.durable('router'));
  });

  test('dead letters are filed per consumer and tenant', () => {
    const tenantId = newEventId();
    expect(subjects.deadLetter('router', tenantId)).toBe(`konstruct.deadletter.router.${tenantId}`);
    expect(subjects.deadLetter('router', undefined)).toBe('konstruct.deadletter.router.unknown');
    expect(matches(subjects.allDeadLetters(), subjects.deadLetter('agent', tenantId))).toBe(true);
  });

  test('a namespace or consumer name that could break a subject is refused', () => {
    for (const bad of ['', 'Konstruct', 'a.b', 'a*', 'x>', 'has space', '9lives']) {
      expect(() => subjectsFor(bad)).toThrow();
    }
    expect(() => subjects.durable('router.*')).toThrow();
  });
});
