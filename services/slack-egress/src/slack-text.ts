/**
 * Reply text as Slack takes it: Markdown goes as `markdown_text` (Slack renders it), and one
 * message holds at most 12,000 characters, so a longer answer continues in follow-up messages.
 * The split prefers paragraph breaks, then line breaks, then spaces, and never drops or adds a
 * character: the parts joined are the text. Pure.
 */

export const SLACK_MESSAGE_LIMIT = 12_000;

export const RATE_LIMITED_SENTENCE =
  "I'm receiving too many requests right now. Please try again in a moment.";

export const THINKING_STATUS = 'is thinking…';
export const THINKING_PLACEHOLDER = 'Thinking…';

export function apologyFor(referenceId: string): string {
  return `Sorry — I couldn't answer that. Reference: ${referenceId}`;
}

/**
 * A message's `text` as written, from how Slack returns it in message objects
 * (`conversations.replies`, …): Slack escapes `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`
 * (its "escaping text" rules); nothing else is undone here.
 */
export function slackUnescaped(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/**
 * Where the first part of `text` ends: at most `limit` characters, at least `minLength` (text
 * already shown that must stay in the first message), at the last paragraph break, else line
 * break, else space in that range, else at `limit`.
 */
export function firstPartEnd(text: string, limit: number, minLength = 0): number {
  if (text.length <= limit) return text.length;
  const floor = Math.max(1, minLength);
  const window = text.slice(0, limit);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= 0 && at + separator.length >= floor) return at + separator.length;
  }
  return limit;
}

/** `text` in parts of at most `limit` characters; the first at least `minFirstLength` long. */
export function splitForSlack(
  text: string,
  limit: number = SLACK_MESSAGE_LIMIT,
  minFirstLength = 0,
): string[] {
  const parts: string[] = [];
  let rest = text;
  let floor = minFirstLength;
  while (rest.length > limit) {
    const end = firstPartEnd(rest, limit, floor);
    parts.push(rest.slice(0, end));
    rest = rest.slice(end);
    floor = 0;
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
