/**
 * A Slack conversation is one thread: the workspace, the channel and the thread's root `ts`
 * (the message's own `ts` when it starts the thread). Its id is a stable UUIDv5 of those parts,
 * so every message of a thread, on any instance, lands on one conversation subject.
 */
import { stableId } from '@konstruct/schemas';

export interface SlackThreadRef {
  readonly teamId: string;
  readonly channelId: string;
  readonly ts: string;
  readonly threadTs?: string | undefined;
}

/** The ts of the thread's root: the reply goes there. */
export function threadRootOf(ref: SlackThreadRef): string {
  return ref.threadTs ?? ref.ts;
}

export function slackConversationId(ref: SlackThreadRef): string {
  return stableId(['slack', ref.teamId, ref.channelId, threadRootOf(ref)]);
}
