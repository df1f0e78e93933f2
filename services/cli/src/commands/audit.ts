/**
 * `konstruct audit`: prints events straight from the stream — one tenant's (`--tenant`) or, for
 * platform admins, every tenant's (`--all-tenants`) — from a time or a sequence, filtered by type
 * or conversation, ending at the stream's current end or following it live (`--follow`).
 * Isolation: a tenant-scoped read uses the tenant's subject filter AND checks every event's
 * tenant, so it can never print another tenant's event. Secrets are shown as
 * `encrypted (key …)`, never as ciphertext.
 */
import type { PlatformConfig } from '@konstruct/config';
import { parseDuration } from '@konstruct/config';
import { readStream, type StreamStart } from '@konstruct/event-store';
import { eventRegistry, type KonstructEvent, subjectsFor, TenantId } from '@konstruct/schemas';
import { redactSecrets } from '@konstruct/secrets';
import { withNats } from '../cli-connections.ts';
import { CliError, type Output } from '../cli-output.ts';

export interface AuditOptions {
  readonly tenant?: string;
  readonly allTenants?: boolean;
  readonly since?: string;
  readonly fromSeq?: string;
  readonly type?: readonly string[];
  readonly conversation?: string;
  readonly follow?: boolean;
  readonly json?: boolean;
}

interface AuditQuery {
  readonly tenantId: string | undefined;
  readonly filter: string;
  readonly start: StreamStart;
  readonly types: ReadonlySet<string>;
}

export function planAudit(
  config: PlatformConfig,
  options: AuditOptions,
  now = new Date(),
): AuditQuery {
  const subjects = subjectsFor(config.KONSTRUCT_NAMESPACE);
  if ((options.tenant === undefined) === (options.allTenants !== true)) {
    throw new CliError('InvalidArguments', 'give exactly one of --tenant <id> or --all-tenants');
  }
  const tenantId = options.tenant === undefined ? undefined : parseTenant(options.tenant);
  if (options.conversation !== undefined && tenantId === undefined) {
    throw new CliError('InvalidArguments', '--conversation needs --tenant');
  }
  const types = new Set((options.type ?? []).flatMap((value) => value.split(',')).filter(Boolean));
  for (const type of types) {
    if (eventRegistry.definitionOf(type) === undefined) {
      throw new CliError('InvalidArguments', `unknown event type ${type}`);
    }
  }
  const filter =
    options.conversation !== undefined && tenantId !== undefined
      ? subjects.entityEvents(tenantId, { entity: 'conversation', id: options.conversation })
      : types.size === 1 && tenantId !== undefined
        ? subjects.eventsOfType([...types][0] ?? '', tenantId)
        : tenantId !== undefined
          ? subjects.tenantEvents(tenantId)
          : subjects.allEvents();
  return { tenantId, filter, start: parseStart(options, now), types };
}

function parseTenant(value: string): string {
  const parsed = TenantId.safeParse(value);
  if (!parsed.success)
    throw new CliError('InvalidArguments', `--tenant must be a tenant id (UUID), got "${value}"`);
  return parsed.data;
}

function parseStart(options: AuditOptions, now: Date): StreamStart {
  if (options.since !== undefined && options.fromSeq !== undefined) {
    throw new CliError('InvalidArguments', 'give --since or --from-seq, not both');
  }
  if (options.fromSeq !== undefined) {
    const sequence = Number(options.fromSeq);
    if (!Number.isInteger(sequence) || sequence < 1) {
      throw new CliError('InvalidArguments', '--from-seq must be a stream sequence (1 or more)');
    }
    return { kind: 'sequence', sequence };
  }
  if (options.since !== undefined) return { kind: 'time', time: parseSince(options.since, now) };
  return { kind: 'all' };
}

function parseSince(value: string, now: Date): Date {
  const time = new Date(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(time.getTime())) return time;
  const ago = parseDuration(value);
  if (ago === undefined) {
    throw new CliError(
      'InvalidArguments',
      `--since must be an ISO time or a duration such as 15m, got "${value}"`,
    );
  }
  return new Date(now.getTime() - ago);
}

export async function runAudit(config: PlatformConfig, options: AuditOptions, output: Output) {
  const query = planAudit(config, options);
  const subjects = subjectsFor(config.KONSTRUCT_NAMESPACE);
  await withNats(config, async (nats, logger) => {
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      for await (const entry of readStream({
        nc: nats,
        stream: subjects.streams.events,
        filter: query.filter,
        registry: eventRegistry,
        subjects,
        start: query.start,
        follow: options.follow === true,
        signal: stop.signal,
      })) {
        if (!entry.ok) {
          logger.warn(
            { sequence: entry.sequence, reason: entry.failure.reason },
            'unreadable event skipped',
          );
          continue;
        }
        if (!belongs(entry.event, query)) continue;
        print(output, entry.sequence, entry.event, options.json === true);
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

function belongs(event: KonstructEvent, query: AuditQuery): boolean {
  if (query.tenantId !== undefined && event.tenantId !== query.tenantId) return false;
  return query.types.size === 0 || query.types.has(event.type);
}

function print(output: Output, sequence: number, event: KonstructEvent, json: boolean) {
  const shown = redactSecrets(event) as KonstructEvent;
  if (json) {
    output.json({ sequence, ...shown });
    return;
  }
  output.line(
    `#${sequence}  ${event.occurredAt}  ${event.tenantId}  ${event.type.padEnd(20)} ${JSON.stringify(shown.data)}`,
  );
}
