/**
 * Small shapes several events share: ids, names, encrypted secrets, the channel a message came
 * through. Kept here so every event spells them the same way.
 */
import { z } from 'zod';
import { Uuid } from '../ids.ts';

export const AgentId = Uuid.describe('agent id (UUID)');
export const ConversationId = Uuid.describe('conversation id (UUID; derived for external threads)');
export const ConnectionId = Uuid.describe('channel connection id (UUID)');
export const UserId = Uuid.describe('portal user id (UUID)');

export const ChannelKind = z.enum(['slack', 'web']);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const ModelGroup = z.enum(['fast', 'quality']);
export type ModelGroup = z.infer<typeof ModelGroup>;

export const MemberRole = z.enum(['admin', 'member']);
export type MemberRole = z.infer<typeof MemberRole>;

/** A secret encrypted with AES-256-GCM under key `keyId`; base64 fields. Never the plain value. */
export const EncryptedSecret = z
  .object({
    keyId: z.string().min(1),
    iv: z.base64(),
    ciphertext: z.base64(),
    tag: z.base64(),
  })
  .strict();
export type EncryptedSecret = z.infer<typeof EncryptedSecret>;

export const TokenUsage = z
  .object({
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    /** True where the provider reported no usage and the counts are estimates. */
    estimated: z.boolean(),
  })
  .strict();
export type TokenUsage = z.infer<typeof TokenUsage>;
