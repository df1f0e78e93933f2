/**
 * What one conversation's stored events say about a routed message, pure: whether it is already
 * answered (a redelivery: no second LLM call), which earlier routed message it still has to wait
 * for (replies go in message order, DESIGN), and the turns before it — each earlier routed
 * message's text (user) followed by its completed reply (assistant), in the order the messages
 * were routed. Messages that were rejected or ignored are not turns; a failed reply adds none.
 * When more than one person takes part (a Slack thread several colleagues write in), every
 * person's turn, the message being answered included, begins with its sender's name ("Ana: …"),
 * so the model can tell who said what; with one person the texts are left as they are.
 */

import type { LlmMessage } from '@konstruct/llm';
import type { EventOf, KonstructEvent, MessageRouted } from '@konstruct/schemas';

type Routed = EventOf<typeof MessageRouted>;

export interface ConversationView {
  /** A reply.completed or reply.failed for this message is stored. */
  readonly answered: boolean;
  /** The earliest earlier routed message without an outcome, within the stale limit. */
  readonly waitingFor: Routed | undefined;
  /** Earlier routed messages without an outcome, past the stale limit: no longer waited for. */
  readonly stale: readonly Routed[];
  /** The text of the message being answered (undefined if its message.received is missing). */
  readonly currentText: string | undefined;
  /** More than one person wrote the turns: user turns begin with their sender's name. */
  readonly severalPeople: boolean;
  /** The turns before this message, oldest first. */
  readonly earlierTurns: readonly LlmMessage[];
}

export interface ViewOptions {
  readonly now: number;
  readonly staleAfterMs: number;
}

interface SentText {
  readonly text: string;
  readonly senderId: string;
  readonly senderName: string;
}

/** One line, no surrounding space; the sender id when the channel gave no display name. */
function speakerName(sender: { readonly id: string; readonly displayName?: string | undefined }) {
  const name = (sender.displayName ?? '').replace(/\s+/g, ' ').trim();
  return name === '' ? sender.id : name;
}

function index(events: readonly KonstructEvent[]) {
  const texts = new Map<string, SentText>();
  const replies = new Map<string, string | null>();
  const routed: Routed[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'message.received':
        texts.set(event.id, {
          text: event.data.text,
          senderId: event.data.sender.id,
          senderName: speakerName(event.data.sender),
        });
        break;
      case 'message.routed':
        routed.push(event);
        break;
      case 'reply.completed':
        replies.set(event.data.messageId, event.data.text);
        break;
      case 'reply.failed':
        replies.set(event.data.messageId, null);
        break;
      default:
        break;
    }
  }
  return { texts, replies, routed };
}

export function viewConversation(
  events: readonly KonstructEvent[],
  current: Routed,
  options: ViewOptions,
): ConversationView {
  const { texts, replies, routed } = index(events);
  const { messageId } = current.data;
  const position = routed.findIndex((event) => event.id === current.id);
  const earlier = (position < 0 ? routed : routed.slice(0, position)).filter(
    (event) => event.data.messageId !== messageId,
  );
  const unanswered = earlier.filter((event) => !replies.has(event.data.messageId));
  const isStale = (event: Routed) =>
    options.now - Date.parse(event.occurredAt) > options.staleAfterMs;
  const currentSent = texts.get(messageId);
  const senders = new Set<string>();
  for (const event of earlier) {
    const sent = texts.get(event.data.messageId);
    if (sent !== undefined) senders.add(sent.senderId);
  }
  if (currentSent !== undefined) senders.add(currentSent.senderId);
  const severalPeople = senders.size > 1;
  const userTurn = (sent: SentText) =>
    severalPeople ? `${sent.senderName}: ${sent.text}` : sent.text;
  const earlierTurns: LlmMessage[] = [];
  for (const event of earlier) {
    const sent = texts.get(event.data.messageId);
    if (sent !== undefined) earlierTurns.push({ role: 'user', content: userTurn(sent) });
    const reply = replies.get(event.data.messageId);
    if (typeof reply === 'string') earlierTurns.push({ role: 'assistant', content: reply });
  }
  return {
    answered: replies.has(messageId),
    waitingFor: unanswered.find((event) => !isStale(event)),
    stale: unanswered.filter(isStale),
    currentText: currentSent === undefined ? undefined : userTurn(currentSent),
    severalPeople,
    earlierTurns,
  };
}
