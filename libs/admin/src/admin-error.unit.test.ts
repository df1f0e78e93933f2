import { describe, expect, it } from 'vitest';
import { adminError, isAdminError } from './admin-error.ts';

describe('isAdminError', () => {
  it('recognises an admin error, also after a JSON round trip', () => {
    const error = adminError('TenantNotFound', 'This tenant does not exist.');
    expect(isAdminError(error)).toBe(true);
    expect(isAdminError(JSON.parse(JSON.stringify(error)))).toBe(true);
  });

  it.each([
    null,
    'TenantNotFound',
    { code: 'TenantNotFound' },
    { code: 'Teapot', message: 'not one of ours' },
    { code: 1, message: 'x' },
  ])('rejects %j', (value) => {
    expect(isAdminError(value)).toBe(false);
  });
});
