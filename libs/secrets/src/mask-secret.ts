/**
 * Shows a secret for recognition, not for use: a long secret keeps its well-known kind prefix
 * (`xoxb-`, `sk-ant-`, …) and its last 4 characters; anything shorter is fully masked. The mask
 * has a fixed width, so it does not reveal the secret's length.
 */

export const MASK = '••••';
/** Recognised prefixes, longest first so `sk-ant-` wins over `sk-`. */
export const KNOWN_SECRET_PREFIXES: readonly string[] = [
  'sk-proj-',
  'sk-ant-',
  'xoxb-',
  'xoxp-',
  'xapp-',
  'sk-',
];
/** Below this many characters nothing of the secret is shown. */
export const MIN_MASKED_REVEAL_LENGTH = 16;
const REVEALED_TAIL = 4;

/** `xoxb-••••wxyz` for a long Slack bot token; `••••` for anything under 16 characters. */
export function maskSecret(plaintext: string): string {
  const chars = Array.from(plaintext);
  if (chars.length < MIN_MASKED_REVEAL_LENGTH) return MASK;
  const prefix = KNOWN_SECRET_PREFIXES.find((candidate) => plaintext.startsWith(candidate)) ?? '';
  return `${prefix}${MASK}${chars.slice(-REVEALED_TAIL).join('')}`;
}
