import { describe, expect, test } from 'vitest';
import { eventDefinitions, eventRegistry, newEventId } from '../src/index.ts';
import { sampleEvents } from './sample-events.ts';

describe('the event contract', () => {
  test('has a sample for every event type, so the round-trip below covers them all', () => {
    const sampled = new Set(sampleEvents().map((event) => event.type));
    expect([...sampled].sort()).toEqual(eventDefinitions.map((d) => d.type).sort());
  });

  test.each(sampleEvents().map((event) => [event.type, event] as const))(
    '%s round-trips through JSON unchanged',
    (_type, event) => {
      const parsed = eventRegistry.parseJson(JSON.stringify(event));
      expect(parsed).toEqual({ ok: true, event });
    },
  );

  test('applies defaults when a producer leaves optional data out', () => {
    const tenantCreated = sampleEvents().find((event) => event.type === 'tenant.created');
    const { rateLimitPerMinute: _dropped, ...data } = (tenantCreated?.data ?? {}) as Record<
      string,
      unknown
    >;
    const parsed = eventRegistry.parse({ ...tenantCreated, data });
    expect(parsed.ok && parsed.event.type === 'tenant.created' && parsed.event.data).toMatchObject({
      rateLimitPerMinute: 30,
    });
  });

  test('lower-cases invited e-mail addresses', () => {
    const invited = sampleEvents().find((event) => event.type === 'member.invited');
    expect(invited?.data).toMatchObject({ email: 'ann@example.com' });
  });
});

describe('malformed events are rejected with a readable reason', () => {
  const [received] = sampleEvents();

  test('bytes that are not JSON', () => {
    const result = eventRegistry.parseJson('{"id": ');
    expect(result).toMatchObject({ ok: false, code: 'NotJson' });
    expect(!result.ok && result.reason).toMatch(/not JSON/);
  });

  test('a missing envelope field names the field', () => {
    const { tenantId: _missing, ...rest } = received as unknown as Record<string, unknown>;
    const result = eventRegistry.parse(rest);
    expect(result).toMatchObject({ ok: false, code: 'InvalidEnvelope' });
    expect(!result.ok && result.reason).toMatch(/tenantId/);
  });

  test('an id that is not a UUIDv7', () => {
    const result = eventRegistry.parse({ ...received, id: '4b0f7c6e-1d7e-4a8c-9d0a-0e6f8c1b2a3d' });
    expect(!result.ok && result.reason).toMatch(/^message\.received v1: id: .*UUIDv7/);
  });

  test('wrong data names the path inside data', () => {
    const data = {
      ...(received?.data as object),
      sender: { id: 'U1', displayName: 'A', isBot: 'no' },
    };
    const result = eventRegistry.parse({ ...received, data });
    expect(result).toMatchObject({ ok: false, code: 'InvalidEventData' });
    expect(!result.ok && result.reason).toMatch(/data\.sender\.isBot/);
  });

  test('unknown data fields are refused rather than silently dropped', () => {
    const data = { ...(received?.data as object), surprise: true };
    const result = eventRegistry.parse({ ...received, data });
    expect(!result.ok && result.reason).toMatch(/surprise/);
  });

  test('an unknown type or version, keeping what could be read for dead-lettering', () => {
    const tenantId = newEventId();
    const result = eventRegistry.parse({ ...received, tenantId, type: 'message.teleported' });
    expect(result).toMatchObject({
      ok: false,
      code: 'UnknownEventType',
      partial: { type: 'message.teleported', tenantId },
    });
    const future = eventRegistry.parse({ ...received, version: 9 });
    expect(future).toMatchObject({ ok: false, code: 'UnknownEventType' });
  });

  test('a payload that is not an object', () => {
    expect(eventRegistry.parse(42)).toMatchObject({ ok: false, code: 'InvalidEnvelope' });
    expect(eventRegistry.parse(null)).toMatchObject({ ok: false, code: 'InvalidEnvelope' });
  });
});
