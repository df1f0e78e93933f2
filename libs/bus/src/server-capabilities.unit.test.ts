import { describe, expect, it } from 'vitest';
import { capabilitiesOf, parseServerVersion } from './server-capabilities.ts';

describe('server capabilities', () => {
  it('2.9 has one filter subject per consumer and no term reasons', () => {
    expect(capabilitiesOf('2.9.10')).toEqual({
      multipleFilterSubjects: false,
      termWithReason: false,
    });
  });

  it('2.10 filters by several subjects, 2.11 terms with a reason', () => {
    expect(capabilitiesOf('2.10.0').multipleFilterSubjects).toBe(true);
    expect(capabilitiesOf('2.10.22').termWithReason).toBe(false);
    expect(capabilitiesOf('2.11.1-beta.2')).toEqual({
      multipleFilterSubjects: true,
      termWithReason: true,
    });
    expect(capabilitiesOf('3.0.0').termWithReason).toBe(true);
  });

  it('an unknown version gets the 2.9 behaviour', () => {
    expect(capabilitiesOf(undefined).multipleFilterSubjects).toBe(false);
    expect(parseServerVersion('dev')).toBeUndefined();
    expect(parseServerVersion('v2.10.3')).toEqual({ major: 2, minor: 10, patch: 3 });
  });
});
