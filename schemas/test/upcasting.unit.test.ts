import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createEvent, createEventRegistry, defineEvent, newEventId } from '../src/index.ts';

/** A test-only event whose v2 split `name` into first and last name. */
const onTenant = (_data: unknown, tenantId: string) => ({
  entity: 'tenant' as const,
  id: tenantId,
});
const GreetingV1 = defineEvent({
  type: 'greeting.sent',
  version: 1,
  description: 'v1',
  data: z.object({ name: z.string() }).strict(),
  entityOf: onTenant,
});
const GreetingV2 = defineEvent({
  type: 'greeting.sent',
  version: 2,
  description: 'v2',
  data: z.object({ firstName: z.string(), lastName: z.string() }).strict(),
  entityOf: onTenant,
});
const splitName = {
  type: 'greeting.sent',
  fromVersion: 1,
  upcast: (data: unknown) => {
    const [firstName = '', ...rest] = (data as { name: string }).name.split(' ');
    return { firstName, lastName: rest.join(' ') };
  },
};

describe('upcasting a stored v1 event to the current v2', () => {
  const registry = createEventRegistry([GreetingV1, GreetingV2], [splitName]);

  test('a v1 event read today arrives as v2 with its data upcast', () => {
    const v1 = createEvent(GreetingV1, { tenantId: newEventId() }, { name: 'Ada King Lovelace' });
    const parsed = registry.parseJson(JSON.stringify(v1));
    expect(parsed).toEqual({
      ok: true,
      event: { ...v1, version: 2, data: { firstName: 'Ada', lastName: 'King Lovelace' } },
    });
  });

  test('a v2 event passes untouched', () => {
    const v2 = createEvent(
      GreetingV2,
      { tenantId: newEventId() },
      { firstName: 'A', lastName: 'B' },
    );
    expect(registry.parse(v2)).toEqual({ ok: true, event: v2 });
  });

  test('an invalid v1 is rejected against the v1 schema, before upcasting', () => {
    const v1 = createEvent(GreetingV1, { tenantId: newEventId() }, { name: 'x' });
    const result = registry.parse({ ...v1, data: { name: 7 } });
    expect(result).toMatchObject({ ok: false, code: 'InvalidEventData' });
    expect(!result.ok && result.reason).toMatch(/^greeting\.sent v1: data\.name/);
  });

  test('the current definition is the highest version', () => {
    expect(registry.definitionOf('greeting.sent')?.version).toBe(2);
  });

  test('a registry refuses to start with an old version that has no upcaster', () => {
    expect(() => createEventRegistry([GreetingV1, GreetingV2])).toThrow(/no upcaster/);
  });

  test('a registry refuses a type defined twice at one version', () => {
    expect(() => createEventRegistry([GreetingV1, GreetingV1])).toThrow(/defined twice/);
  });
});
