/**
 * Where Slack refused to stream (`chat.startStream` answered `not_allowed`, `missing_scope`,
 * an unknown method, … — not a passing error), remembered per instance for some hours, so later answers there go
 * straight to the placeholder and `chat.update` instead of paying a refused call each. A refusal
 * about the channel's type (`…channel_type…`) is remembered for that channel only; any other for
 * the whole connection. In memory, not Redis: each instance learns it with one refused call,
 * which costs less than a Redis read on every answer. Bounded; entries expire, so a workspace
 * that gains streaming later (a new scope, Slack enabling it) is tried again.
 */

/**
 * Slack's answers that mean "this app cannot stream here" (the scope, the method, the token
 * type, a feature the workspace lacks); anything else (`internal_error`, `channel_not_found`,
 * `is_archived`, …) says nothing about streaming and is not remembered.
 */
const CONNECTION_REFUSALS = new Set([
  'not_allowed',
  'missing_scope',
  'unknown_method',
  'method_deprecated',
  'not_allowed_token_type',
  'feature_not_enabled',
  'access_denied',
]);

function refusalScope(slackError: string): 'connection' | 'channel' | undefined {
  if (slackError.includes('channel_type')) return 'channel';
  return CONNECTION_REFUSALS.has(slackError) ? 'connection' : undefined;
}

export interface StreamingRefusals {
  isRefused(place: StreamingPlace): boolean;
  remember(place: StreamingPlace, slackError: string): void;
}

export interface StreamingPlace {
  readonly tenantId: string;
  readonly connectionId: string;
  readonly channelId: string;
}

export function createStreamingRefusals(options: {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}): StreamingRefusals {
  const now = options.now ?? Date.now;
  const until = new Map<string, number>();
  const connectionKey = (place: StreamingPlace) => `${place.tenantId}/${place.connectionId}`;
  const channelKey = (place: StreamingPlace) => `${connectionKey(place)}/${place.channelId}`;
  const live = (key: string) => {
    const expiresAt = until.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > now()) return true;
    until.delete(key);
    return false;
  };
  return {
    isRefused: (place) => live(connectionKey(place)) || live(channelKey(place)),
    remember(place, slackError) {
      const scope = refusalScope(slackError);
      if (scope === undefined) return;
      const key = scope === 'channel' ? channelKey(place) : connectionKey(place);
      until.delete(key);
      until.set(key, now() + options.ttlMs);
      if (until.size > options.maxEntries) {
        const oldest = until.keys().next().value;
        if (oldest !== undefined) until.delete(oldest);
      }
    },
  };
}
