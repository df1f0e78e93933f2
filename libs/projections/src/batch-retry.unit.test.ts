import { describe, expect, test } from 'vitest';
import { isEventFault } from './batch-retry.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which failures are the event’s own fault', () => {
  test('data exceptions, integrity violations and RLS refusals are', () => {
    expect(isEventFault(pgError('22P02', 'invalid input syntax for type uuid'))).toBe(true);
    expect(isEventFault(pgError('23505', 'duplicate key value'))).toBe(true);
    expect(
      isEventFault(
        pgError('42501', 'new row violates row-level security policy for table "agents"'),
      ),
    ).toBe(true);
    expect(isEventFault(new TypeError('cannot read properties of undefined'))).toBe(true);
  });

  test('a broken database is not: the batch waits instead of losing the event', () => {
    expect(isEventFault(pgError('42P01', 'relation "agents" does not exist'))).toBe(false);
    expect(isEventFault(pgError('42501', 'permission denied for table agents'))).toBe(false);
    expect(isEventFault(pgError('57014', 'canceling statement due to statement timeout'))).toBe(
      false,
    );
    expect(isEventFault(pgError('53100', 'could not extend file: No space left on device'))).toBe(
      false,
    );
    expect(isEventFault(pgError('40P01', 'deadlock detected'))).toBe(false);
  });
});
