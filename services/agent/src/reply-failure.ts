/**
 * What a person is told when no provider could answer, pure: a short apology chosen by the
 * LlmError code, never the provider's own text (which may carry request details or key hints).
 * The reference id travels separately in `reply.failed`; the logs carry it with the full error.
 */
import type { LlmErrorCode } from '@konstruct/llm';

/**
 * Failures that are not LLM errors: the agent could not even ask, the model answered nothing (no
 * channel can show an empty message: Slack refuses one), or the handler kept failing until its
 * last delivery.
 */
export type AgentFailureCode =
  | 'agent_not_found'
  | 'message_not_found'
  | 'empty_reply'
  | 'internal_error';

const USER_MESSAGES: Readonly<Record<LlmErrorCode | AgentFailureCode, string>> = {
  rate_limit: "I'm receiving too many requests right now. Please try again in a minute.",
  context_too_long: 'This conversation has grown too long for me. Please start a new thread.',
  content_filter: "I can't help with that request.",
  auth: "Sorry, I can't answer right now because of a configuration problem on our side.",
  invalid_request: "Sorry, I can't answer right now because of a problem on our side.",
  unavailable: "Sorry, I couldn't answer just now. Please try again shortly.",
  timeout: 'Sorry, I took too long to answer. Please try again shortly.',
  cancelled: "Sorry, I couldn't answer just now. Please try again shortly.",
  agent_not_found:
    "Sorry, I can't answer right now because of a configuration problem on our side.",
  message_not_found: "Sorry, I couldn't read your message. Please send it again.",
  empty_reply: "Sorry, I couldn't come up with an answer. Please try rephrasing your message.",
  internal_error: "Sorry, I couldn't answer because of a problem on our side.",
};

export function userMessageFor(code: LlmErrorCode | AgentFailureCode): string {
  return USER_MESSAGES[code];
}
