/**
 * The Slack Events API body our listener accepts, parsed with zod after Bolt has verified it: the
 * `event_callback` envelope (its `event_id` is the dedup key of Slack's retries). The
 * `url_verification` handshake is Bolt's. Inner events keep unknown fields (`loose`) because
 * Slack adds fields freely; only what ingress decides on is typed.
 */
import { z } from 'zod';

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
    /** Set on a message Slack sends again after its author edited it (an `app_mention` too). */
    edited: z.object({ user: z.string().optional(), ts: z.string().optional() }).loose().optional(),
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
