/**
 * What the egress keeps in Redis, shared by its instances, every key from `redisKeys` under the
 * tenant's prefix:
 * - `slack-retry-after:<teamId>`: a workspace's Slack rate limit (PX = Retry-After, never
 *   shortened by a later, shorter one); every instance holds that workspace's events until it
 *   expires, other workspaces keep flowing;
 * - `egress-thinking:<messageId>`: how the message's thinking moment was shown: `reserved`
 *   (a placeholder is being posted), the placeholder's ts, or `streamed` (the answer began
 *   without a placeholder; no placeholder may follow). SET NX decides between the two;
 * - `egress-rejected:<eventId>`: the rate-limit notice for a rejected message was sent (SET NX);
 * - `egress-claim:<replyId>`: the instance that owns a reply (SET NX with a lease, refreshed
 *   while it streams, released when it stops);
 * - `egress-reply:<replyId>`: a hash of the reply's Slack state: `mode` (stream | placeholder),
 *   `intent` and `intended` (the message about to be created, saved before the call), `ts`,
 *   `streamed` (the text already appended to the stream), `unsure` (an append's answer was lost),
 *   `sent` (finishing steps done) and `finished`.
 * Markers live a day: longer than any redelivery of the events they guard.
 */
import type { RedisClient, RedisKeyBuilder } from '@konstruct/redis';
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60_000;

/** The thinking marker's values besides a placeholder's ts (see the header). */
export const THINKING_RESERVED = 'reserved';
export const THINKING_STREAMED = 'streamed';

export type ReplyMode = 'stream' | 'placeholder';

export interface ReplyState {
  readonly mode: ReplyMode | undefined;
  /**
   * The Slack call about to create the reply's message (`stream`: chat.startStream with
   * `intended` as its text; `placeholder`: the "Thinking…" post), saved BEFORE the call, so an
   * owner that died between the call and saving its ts can be followed by one that looks for
   * the message instead of creating a second (see reply-writer.ts).
   */
  readonly intent: ReplyMode | undefined;
  readonly intended: string;
  readonly ts: string | undefined;
  readonly streamed: string;
  /** An append's answer was lost: Slack may show more than `streamed` (see reply-plan.ts). */
  readonly unsure: boolean;
  /** How many of the finishing steps (stop, update, follow-up posts) are done. */
  readonly sentParts: number;
  readonly finished: boolean;
}

/** `heldMs` > 0: another owner holds the reply that long yet; 0: ours, with its state. */
export type ReplyClaim =
  | { readonly heldMs: number; readonly state?: undefined }
  | { readonly heldMs: 0; readonly state: ReplyState };

export interface EgressStore {
  /** Milliseconds until the workspace may be called again (0 = now). */
  backoffMs(tenantId: string, teamId: string): Promise<number>;
  rememberBackoff(tenantId: string, teamId: string, retryAfterMs: number): Promise<void>;
  /** True the first time for this event (the caller then does the one-off side effect). */
  rejectionNotified(tenantId: string, eventId: string): Promise<boolean>;
  markRejectionNotified(tenantId: string, eventId: string): Promise<boolean>;
  /** Sets the thinking marker unless one exists; returns the value now stored. */
  claimThinking(tenantId: string, messageId: string, value: string): Promise<string>;
  thinking(tenantId: string, messageId: string): Promise<string | undefined>;
  setThinking(tenantId: string, messageId: string, value: string): Promise<void>;
  /** Removes the thinking marker if it still holds `value` (a reservation given back). */
  releaseThinking(tenantId: string, messageId: string, value: string): Promise<void>;
  /**
   * Takes the reply's lease and reads its state in the same step (one round trip), or answers
   * how long the current owner still holds it.
   */
  claimReply(
    tenantId: string,
    replyId: string,
    owner: string,
    leaseMs: number,
  ): Promise<ReplyClaim>;
  refreshReply(tenantId: string, replyId: string, owner: string, leaseMs: number): Promise<void>;
  releaseReply(tenantId: string, replyId: string, owner: string): Promise<void>;
  replyState(tenantId: string, replyId: string): Promise<ReplyState>;
  saveReply(tenantId: string, replyId: string, state: Partial<ReplyState>): Promise<void>;
}

const REFRESH_IF_OWNER =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0";
/**
 * SET NX the claim (KEYS[1]) for ARGV[1] with a lease of ARGV[2] ms; when another owner holds
 * it, `{ pttl }`; when it is ours (taken now, or already), `{ 0, <the state hash, flat> }`, read
 * after the claim so a FINISHED written by the previous owner is seen.
 */
const CLAIM_AND_READ = `
if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and redis.call('get', KEYS[1]) ~= ARGV[1] then
  return { redis.call('pttl', KEYS[1]) }
end
return { 0, redis.call('hgetall', KEYS[2]) }`;

/** What `CLAIM_AND_READ` answers: `[pttl]` when held by another owner, `[0, flat hash]` when ours. */
const ClaimAnswer = z.tuple([z.number(), z.array(z.string()).optional()]);

/**
 * Sets the key to expire in ARGV[1] ms unless it already lasts longer: of two 429s answered at
 * once, the longer Retry-After holds.
 */
const EXTEND_WAIT =
  "if redis.call('pttl', KEYS[1]) < tonumber(ARGV[1]) then redis.call('set', KEYS[1], '1', 'PX', ARGV[1]) end return 0";

/** Deletes the key if it holds ARGV[1] (a claim's owner, a marker's value). */
const DELETE_IF_VALUE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

function stateOf(hash: Readonly<Record<string, string>>): ReplyState {
  const modeOf = (value: string | undefined) =>
    value === 'stream' || value === 'placeholder' ? value : undefined;
  return {
    mode: modeOf(hash.mode),
    intent: modeOf(hash.intent),
    intended: hash.intended ?? '',
    ts: hash.ts === undefined || hash.ts === '' ? undefined : hash.ts,
    streamed: hash.streamed ?? '',
    unsure: hash.unsure === '1',
    sentParts: Number.parseInt(hash.sent ?? '0', 10) || 0,
    finished: hash.finished === '1',
  };
}

export function createEgressStore(redis: RedisClient, keys: RedisKeyBuilder): EgressStore {
  const backoffKey = (t: string, teamId: string) => keys.tenantKey(t, 'slack-retry-after', teamId);
  const rejectedKey = (t: string, id: string) => keys.tenantKey(t, 'egress-rejected', id);
  const thinkingKey = (t: string, id: string) => keys.tenantKey(t, 'egress-thinking', id);
  const claimKey = (t: string, id: string) => keys.tenantKey(t, 'egress-claim', id);
  const replyKey = (t: string, id: string) => keys.tenantKey(t, 'egress-reply', id);
  return {
    async backoffMs(tenantId, teamId) {
      return Math.max(0, await redis.pttl(backoffKey(tenantId, teamId)));
    },
    async rememberBackoff(tenantId, teamId, retryAfterMs) {
      const waitMs = String(Math.max(1, Math.ceil(retryAfterMs)));
      await redis.eval(EXTEND_WAIT, 1, backoffKey(tenantId, teamId), waitMs);
    },
    async rejectionNotified(tenantId, eventId) {
      return (await redis.exists(rejectedKey(tenantId, eventId))) === 1;
    },
    async markRejectionNotified(tenantId, eventId) {
      return (await redis.set(rejectedKey(tenantId, eventId), '1', 'PX', DAY_MS, 'NX')) === 'OK';
    },
    async claimThinking(tenantId, messageId, value) {
      const key = thinkingKey(tenantId, messageId);
      const previous = await redis.set(key, value, 'PX', DAY_MS, 'NX', 'GET');
      return previous ?? value;
    },
    async thinking(tenantId, messageId) {
      return (await redis.get(thinkingKey(tenantId, messageId))) ?? undefined;
    },
    async setThinking(tenantId, messageId, value) {
      await redis.set(thinkingKey(tenantId, messageId), value, 'PX', DAY_MS);
    },
    async releaseThinking(tenantId, messageId, value) {
      await redis.eval(DELETE_IF_VALUE, 1, thinkingKey(tenantId, messageId), value);
    },
    async claimReply(tenantId, replyId, owner, leaseMs) {
      const [pttl, flat] = ClaimAnswer.parse(
        await redis.eval(
          CLAIM_AND_READ,
          2,
          claimKey(tenantId, replyId),
          replyKey(tenantId, replyId),
          owner,
          String(leaseMs),
        ),
      );
      if (flat === undefined) return { heldMs: Math.max(1, pttl) };
      const hash: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i] as string] = flat[i + 1] as string;
      return { heldMs: 0, state: stateOf(hash) };
    },
    async refreshReply(tenantId, replyId, owner, leaseMs) {
      await redis.eval(REFRESH_IF_OWNER, 1, claimKey(tenantId, replyId), owner, String(leaseMs));
    },
    async releaseReply(tenantId, replyId, owner) {
      await redis.eval(DELETE_IF_VALUE, 1, claimKey(tenantId, replyId), owner);
    },
    async replyState(tenantId, replyId) {
      return stateOf(await redis.hgetall(replyKey(tenantId, replyId)));
    },
    async saveReply(tenantId, replyId, state) {
      const fields: Record<string, string> = {};
      if (state.mode !== undefined) fields.mode = state.mode;
      if (state.intent !== undefined) fields.intent = state.intent;
      if (state.intended !== undefined) fields.intended = state.intended;
      if (state.ts !== undefined) fields.ts = state.ts;
      if (state.streamed !== undefined) fields.streamed = state.streamed;
      if (state.unsure !== undefined) fields.unsure = state.unsure ? '1' : '0';
      if (state.sentParts !== undefined) fields.sent = String(state.sentParts);
      if (state.finished !== undefined) fields.finished = state.finished ? '1' : '0';
      const key = replyKey(tenantId, replyId);
      await redis.multi().hset(key, fields).pexpire(key, DAY_MS).exec();
    },
  };
}
