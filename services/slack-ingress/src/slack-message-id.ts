/**
 * The id of the `message.received` event built from one Slack delivery. Slack retries a delivery
 * with the same `event_id` (and `event_time`), so the id must be a pure function of them: the
 * publisher uses it as the JetStream message id and the duplicate window stores a retry once.
 *
 * Envelope ids are UUIDv7 (time-ordered). A v5 `stableId` has hash bits where v7 keeps its time,
 * so we build a seed whose first 48 bits are the event's time in milliseconds and the rest the
 * v5 of (team, event id), and let `deriveEventId` turn it into a valid v7 that keeps that time.
 */
import { deriveEventId, stableId } from '@konstruct/schemas';

const PURPOSE = 'slack-ingress:message.received';

export interface SlackDelivery {
  readonly teamId: string;
  readonly eventId: string;
  /** Slack's `event_time`, in whole seconds. */
  readonly eventTime: number;
}

export function slackMessageEventId(delivery: SlackDelivery): string {
  const identity = stableId(['slack-event', delivery.teamId, delivery.eventId]);
  const millis = Math.max(0, Math.floor(delivery.eventTime * 1000));
  const timeHex = millis.toString(16).padStart(12, '0').slice(-12);
  const seed = `${timeHex.slice(0, 8)}-${timeHex.slice(8, 12)}${identity.slice(13)}`;
  return deriveEventId(seed, PURPOSE);
}
