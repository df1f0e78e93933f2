/**
 * Password hashing with argon2id (the parameters the Lucia guide and OWASP recommend:
 * 19 MiB memory, 2 iterations, parallelism 1), through @node-rs/argon2's prebuilt binding.
 * Verification never throws on a malformed hash; it answers false.
 */
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2;
const OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  outputLen: 32,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
