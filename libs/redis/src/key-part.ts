/**
 * Encoding of the caller-supplied parts of a Redis key (channel ids, thread timestamps, user
 * ids…), so no input can forge another key. Letters, digits, `.`, `_` and `-` stay as they are;
 * every other UTF-16 code unit becomes `%XX` (below U+0100) or `%uXXXX`, uppercase hex. The
 * result is ASCII with no `:` separator, glob character (`* ? [ ] \`) or hash-tag brace, and the
 * encoding is reversible, hence injective: distinct parts always encode differently.
 */

const SAFE = /^[A-Za-z0-9._-]$/;

export function encodeKeyPart(part: string): string {
  let encoded = '';
  for (let index = 0; index < part.length; index += 1) {
    const char = part.charAt(index);
    if (SAFE.test(char)) {
      encoded += char;
      continue;
    }
    const unit = part.charCodeAt(index);
    encoded +=
      unit < 0x100
        ? `%${unit.toString(16).toUpperCase().padStart(2, '0')}`
        : `%u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return encoded;
}

/** Several parts as one key suffix: each encoded, joined with `:`. */
export function encodeKeyParts(parts: readonly string[]): string {
  return parts.map(encodeKeyPart).join(':');
}

const ENCODED = /^(?:[A-Za-z0-9._-]|%[0-9A-F]{2}|%u[0-9A-F]{4})*$/;

/** The part an encoded part came from; `undefined` when the text is not an encoding. */
export function decodeKeyPart(encoded: string): string | undefined {
  if (!ENCODED.test(encoded)) return undefined;
  return encoded.replace(/%u([0-9A-F]{4})|%([0-9A-F]{2})/g, (_, wide: string, narrow: string) =>
    String.fromCharCode(Number.parseInt(wide ?? narrow, 16)),
  );
}
