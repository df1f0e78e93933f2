import { describe, expect, test } from 'vitest';
import { appDatabaseUrl, InvalidDatabaseUrlError } from './app-database-url.ts';

describe('appDatabaseUrl', () => {
  test('keeps host, port and database and swaps the user for konstruct_app', () => {
    expect(appDatabaseUrl('postgres://postgres@db.internal:6543/konstruct')).toBe(
      'postgres://konstruct_app@db.internal:6543/konstruct',
    );
  });

  test("drops the owner's password and keeps the other parameters", () => {
    expect(appDatabaseUrl('postgres://owner:s3cret@db:5432/k?sslmode=require')).toBe(
      'postgres://konstruct_app@db:5432/k?sslmode=require',
    );
  });

  test('uses the given user and password, percent-encoding them', () => {
    const url = appDatabaseUrl('postgres://owner:x@db:5432/k', {
      user: 'app',
      password: 'p@ss:w/rd%',
    });
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.username)).toBe('app');
    expect(decodeURIComponent(parsed.password)).toBe('p@ss:w/rd%');
    expect(parsed.host).toBe('db:5432');
  });

  test('returns an explicit DATABASE_APP_URL unchanged', () => {
    const appUrl = 'postgres://svc:pw@replica:5432/k';
    expect(appDatabaseUrl('postgres://owner@db/k', { appUrl })).toBe(appUrl);
  });

  test('refuses URLs it cannot derive from, telling the reader to set DATABASE_APP_URL', () => {
    expect(() => appDatabaseUrl('not a url')).toThrow(InvalidDatabaseUrlError);
    expect(() => appDatabaseUrl('postgres:///k?host=/var/run/postgresql')).toThrow(
      /DATABASE_APP_URL/,
    );
  });
});
