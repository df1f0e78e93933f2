import { describe, expect, test } from 'vitest';
import { dbSslModeSchema, toPgSsl } from './ssl-config.ts';

describe('toPgSsl', () => {
  test('disable means plain TCP', () => {
    expect(toPgSsl({ mode: 'disable' })).toBe(false);
  });

  test('require encrypts without verifying the certificate, as libpq does', () => {
    expect(toPgSsl({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
  });

  test('verify-full verifies, against the CA file when one is named', () => {
    expect(toPgSsl({ mode: 'verify-full' })).toEqual({ rejectUnauthorized: true });
    const read = (path: string) => `PEM from ${path}`;
    expect(toPgSsl({ mode: 'verify-full', caFile: '/etc/ca.pem' }, read)).toEqual({
      rejectUnauthorized: true,
      ca: 'PEM from /etc/ca.pem',
    });
  });

  test('the DATABASE_SSL values are exactly the three modes', () => {
    expect(dbSslModeSchema.options).toEqual(['disable', 'require', 'verify-full']);
    expect(dbSslModeSchema.safeParse('prefer').success).toBe(false);
  });
});
