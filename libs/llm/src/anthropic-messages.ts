/**
 * Maps our messages to Anthropic's rules: roles must alternate, the first must be `user`, no
 * turn may be empty or whitespace-only, and a final assistant turn (a prefill) must not end in
 * whitespace. Turns without text are dropped, consecutive same-role turns are merged (joined by
 * a blank line), and a leading assistant turn gets a placeholder user turn before it, so the
 * conversation stays faithful rather than truncated.
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
    if (message.content.trim() === '') continue;
    const last = merged.at(-1);
    if (last !== undefined && last.role === message.role) {
      last.content = `${last.content}\n\n${message.content}`;
    } else {
      merged.push({ role: message.role, content: message.content });
    }
  }
  const last = merged.at(-1);
  if (last?.role === 'assistant') last.content = last.content.trimEnd();
  if (merged[0]?.role !== 'user')
    merged.unshift({ role: 'user', content: LEADING_USER_PLACEHOLDER });
  return merged;
}
