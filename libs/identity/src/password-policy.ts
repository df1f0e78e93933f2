/**
 * What a password must be: 12 to 256 characters, not only spaces. Length beats composition
 * rules (NIST SP 800-63B); the portal shows the same message.
 */
import { z } from 'zod';

export const Password = z
  .string()
  .min(12, 'a password has at least 12 characters')
  .max(256, 'a password has at most 256 characters')
  .refine((value) => value.trim().length > 0, 'a password is not only spaces');
