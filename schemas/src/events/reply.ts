/**
 * An agent's reply to one message: started, streamed as live deltas (core NATS, not stored),
 * then completed with the full text and usage, or failed with a user-safe message.
 */
import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { Uuid } from '../ids.ts';
import { AgentId, ConversationId, TokenUsage } from './common.ts';

const ReplyRef = {
  conversationId: ConversationId,
  replyId: Uuid.describe('one id for every event of this reply'),
  messageId: Uuid.describe('the message.received event being answered'),
  agentId: AgentId,
};

const onConversation = (data: { conversationId: string }) => ({
  entity: 'conversation' as const,
  id: data.conversationId,
});

export const ReplyStarted = defineEvent({
  type: 'reply.started',
  version: 1,
  description: 'An agent began answering a message (the "thinking" moment).',
  data: z.object(ReplyRef).strict(),
  entityOf: onConversation,
});

export const ReplyDelta = defineEvent({
  type: 'reply.delta',
  version: 1,
  delivery: 'live',
  description: 'A piece of streamed reply text; ephemeral, sent on core NATS only.',
  data: z.object({ ...ReplyRef, index: z.number().int().nonnegative(), text: z.string() }).strict(),
  entityOf: onConversation,
});

export const ReplyCompleted = defineEvent({
  type: 'reply.completed',
  version: 1,
  description: "An agent's full answer to a message.",
  data: z
    .object({
      ...ReplyRef,
      text: z.string(),
      finishReason: z.enum(['stop', 'length', 'content_filter', 'other']),
      model: z.string(),
      usage: TokenUsage,
    })
    .strict(),
  entityOf: onConversation,
});

export const ReplyFailed = defineEvent({
  type: 'reply.failed',
  version: 1,
  description: 'An agent could not answer; the user sees userMessage with the reference id.',
  data: z
    .object({
      ...ReplyRef,
      errorCode: z.string().min(1),
      userMessage: z.string().min(1),
      referenceId: z.string().min(1).describe('quoted to support to find the logs'),
    })
    .strict(),
  entityOf: onConversation,
});
