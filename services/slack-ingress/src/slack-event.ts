/**
 * The Slack Events API request bodies we accept, parsed with zod at the HTTP edge: the
 * `url_verification` handshake and the `event_callback` envelope (its `event_id` is the dedup key
 * of Slack's retries). Inner events keep unknown fields (`loose`) because Slack adds fields
 * freely; only what ingress decides on is typed.
 */
import { z } from 'zod';

export const SlackUrlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(500),
});
export type SlackUrlVerification = z.infer<typeof SlackUrlVerification>;

export const SlackInnerEvent = z
  .object({
    type: z.string().min(1),
    subtype: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    text: z.string().optional(),
    ts: z.string().optional(),
    thread_ts: z.string().optional(),
    channel: z.string().optional(),
    channel_type: z.string().optional(),
    user_profile: z
      .object({ display_name: z.string().optional(), real_name: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();
export type SlackInnerEvent = z.infer<typeof SlackInnerEvent>;

export const SlackEventCallback = z
  .object({
    type: z.literal('event_callback'),
    team_id: z.string().min(1),
    event_id: z.string().min(1),
    event_time: z.number().int().nonnegative(),
    event: SlackInnerEvent,
  })
  .loose();
export type SlackEventCallback = z.infer<typeof SlackEventCallback>;

/** The envelope's type alone: the first thing read from a verified body. */
export const SlackEnvelopeType = z.object({ type: z.string().min(1) }).loose();
