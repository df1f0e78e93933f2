/**
 * NATS subject wildcards on the client: does a subject match a filter (`*` one token, `>` one or
 * more trailing tokens), and which single filter covers several. Used where the server cannot
 * filter by several subjects (nats-server < 2.10): the consumer gets the covering filter and the
 * runner skips what none of the real filters match.
 */

function tokensOf(subject: string): readonly string[] {
  return subject.split('.');
}

function matchTokens(filter: readonly string[], subject: readonly string[]): boolean {
  for (let i = 0; i < filter.length; i++) {
    const token = filter[i];
    if (token === '>') return subject.length > i;
    if (i >= subject.length) return false;
    if (token !== '*' && token !== subject[i]) return false;
  }
  return filter.length === subject.length;
}

export function subjectMatches(filter: string, subject: string): boolean {
  return matchTokens(tokensOf(filter), tokensOf(subject));
}

/** A predicate true when any of `filters` matches the subject. */
export function compileSubjectFilter(filters: readonly string[]): (subject: string) => boolean {
  const compiled = filters.map(tokensOf);
  return (subject) => {
    const tokens = tokensOf(subject);
    return compiled.some((filter) => matchTokens(filter, tokens));
  };
}

function mergeToken(filters: readonly (readonly string[])[], index: number): string {
  const first = filters[0]?.[index];
  return filters.every((tokens) => tokens[index] === first) && first !== undefined ? first : '*';
}

/**
 * The narrowest single filter that matches everything any of `filters` matches: equal tokens are
 * kept, differing ones become `*`, and differing lengths or a `>` end it with `>`.
 */
export function coveringSubject(filters: readonly string[]): string {
  const tokenized = filters.map(tokensOf);
  if (tokenized.length === 0) return '>';
  const lengths = tokenized.map((tokens) => tokens.length);
  const shortest = Math.min(...lengths);
  const firstTail = Math.min(
    ...tokenized.map((tokens) => (tokens.includes('>') ? tokens.indexOf('>') : Infinity)),
  );
  const sameLength = lengths.every((length) => length === shortest);
  if (sameLength && firstTail === Infinity) {
    return Array.from({ length: shortest }, (_, i) => mergeToken(tokenized, i)).join('.');
  }
  const prefixLength = Math.min(sameLength ? shortest : shortest - 1, firstTail);
  const prefix = Array.from({ length: prefixLength }, (_, i) => mergeToken(tokenized, i));
  return [...prefix, '>'].join('.');
}
