/**
 * What the connected nats-server can do, decided from its version. The platform targets
 * JetStream as of 2.9; newer features are used only behind these flags, each with a 2.9 path.
 */

export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface ServerCapabilities {
  /** Consumers with several `filter_subjects` (2.10). On 2.9: one covering filter + client skip. */
  readonly multipleFilterSubjects: boolean;
  /** `+TERM <reason>` acks (2.11). On 2.9 a reason makes the server ignore the term. */
  readonly termWithReason: boolean;
}

export function parseServerVersion(version: string | undefined): ServerVersion | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function isAtLeast(version: ServerVersion | undefined, major: number, minor: number) {
  if (version === undefined) return false;
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** Unknown versions get the 2.9 behaviour, which works everywhere. */
export function capabilitiesOf(version: string | undefined): ServerCapabilities {
  const parsed = parseServerVersion(version);
  return {
    multipleFilterSubjects: isAtLeast(parsed, 2, 10),
    termWithReason: isAtLeast(parsed, 2, 11),
  };
}
