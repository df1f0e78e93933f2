/**
 * Maps our messages to Anthropic's rules: roles must alternate and the first must be `user`.
 * Consecutive same-role messages are merged (joined by a blank line); a leading assistant turn
 * gets an empty-ish user turn before it so the conversation stays faithful rather than truncated.
 */
import type { LlmMessage, LlmRole } from './llm-request.ts';

export interface AlternatingMessage {
  readonly role: LlmRole;
  readonly content: string;
}

/** Placeholder for the user turn Anthropic requires before a leading assistant message. */
export const LEADING_USER_PLACEHOLDER = '(conversation continues)';

export function toAlternatingMessages(messages: readonly LlmMessage[]): AlternatingMessage[] {
  const merged: { role: LlmRole; content: string }[] = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last !== undefined && last.role === message.role) {
      last.content = `${last.content}\n\n${message.content}`;
    } else {
      merged.push({ role: message.role, content: message.content });
    }
  }
  if (merged[0]?.role === 'assistant')
    merged.unshift({ role: 'user', content: LEADING_USER_PLACEHOLDER });
  if (merged.length === 0) merged.push({ role: 'user', content: LEADING_USER_PLACEHOLDER });
  return merged;
}
