/**
 * The registry knows every event type and version and how to bring an old version up to the
 * current one (upcasting). `parseEvent` is the one way bytes become a typed event on consume:
 * an unknown type or invalid shape is a value with a readable reason, never a throw.
 */
import type { z } from 'zod';
import type { EventDefinition } from './define-event.ts';
import { EnvelopeFields, type RawEnvelope } from './envelope.ts';

/** Turns data of `fromVersion` into data of `fromVersion + 1` for one type. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown, envelope: RawEnvelope) => unknown;
}

export type ParseFailureCode =
  | 'InvalidEnvelope'
  | 'UnknownEventType'
  | 'InvalidEventData'
  | 'NotJson'
  | 'SubjectMismatch';

export interface ParseFailure {
  readonly ok: false;
  readonly code: ParseFailureCode;
  /** One line a person can act on, naming the fields at fault. */
  readonly reason: string;
  /** Whatever envelope fields could be read, for dead-letter routing and logs. */
  readonly partial: { readonly type?: string; readonly tenantId?: string; readonly id?: string };
}

export type ParseResult<E> = { readonly ok: true; readonly event: E } | ParseFailure;

export interface EventRegistry<E> {
  readonly definitions: readonly EventDefinition[];
  /** The current (highest) version of each type. */
  readonly current: ReadonlyMap<string, EventDefinition>;
  definitionOf(type: string, version?: number): EventDefinition | undefined;
  parse(input: unknown): ParseResult<E>;
  parseJson(bytes: Uint8Array | string): ParseResult<E>;
}

const key = (type: string, version: number) => `${type}@${version}`;

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function partialOf(input: unknown): ParseFailure['partial'] {
  if (typeof input !== 'object' || input === null) return {};
  const record = input as Record<string, unknown>;
  const pick = (name: string) => (typeof record[name] === 'string' ? record[name] : undefined);
  const partial: { type?: string; tenantId?: string; id?: string } = {};
  const type = pick('type');
  const tenantId = pick('tenantId');
  const id = pick('id');
  if (type !== undefined) partial.type = type;
  if (tenantId !== undefined) partial.tenantId = tenantId;
  if (id !== undefined) partial.id = id;
  return partial;
}

/** One decoder for every parse: `decode` without `stream` keeps no state between calls. */
const UTF8 = new TextDecoder();

export function createEventRegistry<E>(
  definitions: readonly EventDefinition[],
  upcasters: readonly Upcaster[] = [],
): EventRegistry<E> {
  const byKey = new Map<string, EventDefinition>();
  const current = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    const k = key(definition.type, definition.version);
    if (byKey.has(k)) throw new Error(`event ${k} is defined twice`);
    byKey.set(k, definition);
    const latest = current.get(definition.type);
    if (latest === undefined || latest.version < definition.version) {
      current.set(definition.type, definition);
    }
  }
  const upcasterOf = new Map(upcasters.map((u) => [key(u.type, u.fromVersion), u]));
  for (const [type, latest] of current) {
    for (let v = 1; v < latest.version; v++) {
      if (byKey.has(key(type, v)) && !upcasterOf.has(key(type, v))) {
        throw new Error(`event ${type}@${v} has no upcaster to v${v + 1}`);
      }
    }
  }

  function parse(input: unknown): ParseResult<E> {
    const head = typeof input === 'object' && input !== null ? (input as RawHead) : undefined;
    const stored =
      typeof head?.type === 'string' && typeof head.version === 'number'
        ? byKey.get(key(head.type, head.version))
        : undefined;
    if (stored === undefined) {
      const envelope = EnvelopeFields.safeParse(input);
      if (!envelope.success)
        return fail('InvalidEnvelope', describeZodError(envelope.error), input);
      const { type, version } = envelope.data;
      return fail('UnknownEventType', `unknown event type ${type} v${version}`, input);
    }
    const checked = stored.schema.safeParse(input);
    if (!checked.success) return failValidation(stored, checked.error, input);
    const latest = current.get(stored.type) ?? stored;
    if (stored.version === latest.version) return { ok: true, event: checked.data as E };
    let raw = checked.data as RawEnvelope;
    while (raw.version < latest.version) {
      const upcaster = upcasterOf.get(key(raw.type, raw.version));
      if (upcaster === undefined) {
        return fail('UnknownEventType', `no upcaster for ${raw.type} v${raw.version}`, input);
      }
      raw = { ...raw, version: raw.version + 1, data: upcaster.upcast(raw.data, raw) };
    }
    const result = latest.schema.safeParse(raw);
    if (!result.success) return failValidation(latest, result.error, input);
    return { ok: true, event: result.data as E };
  }

  function parseJson(bytes: Uint8Array | string): ParseResult<E> {
    const text = typeof bytes === 'string' ? bytes : UTF8.decode(bytes);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return fail('NotJson', `payload is not JSON: ${(error as Error).message}`, undefined);
    }
    return parse(value);
  }

  return {
    definitions,
    current,
    definitionOf: (type, version) =>
      version === undefined ? current.get(type) : byKey.get(key(type, version)),
    parse,
    parseJson,
  };
}

interface RawHead {
  readonly type?: unknown;
  readonly version?: unknown;
}

function failValidation(definition: EventDefinition, error: z.ZodError, input: unknown) {
  const onlyData = error.issues.every((issue) => issue.path[0] === 'data');
  const where = `${definition.type} v${definition.version}`;
  return fail(
    onlyData ? 'InvalidEventData' : 'InvalidEnvelope',
    `${where}: ${describeZodError(error)}`,
    input,
  );
}

function fail(code: ParseFailureCode, reason: string, input: unknown): ParseFailure {
  return { ok: false, code, reason, partial: partialOf(input) };
}
