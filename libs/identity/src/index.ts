export { hashPassword, verifyPassword } from './password-hash.ts';
export { Password } from './password-policy.ts';
export {
  type CreatePlatformAdminInput,
  createPlatformAdmin,
  IdentityError,
} from './platform-admin.ts';
