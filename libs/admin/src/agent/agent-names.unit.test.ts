import { describe, expect, it } from 'vitest';
import { SUGGESTED_AGENT_NAMES, suggestAgentName } from './agent-names.ts';

describe('suggestAgentName', () => {
  it('suggests the first human-like name nobody has', () => {
    expect(suggestAgentName([])).toBe('Mara');
    expect(suggestAgentName(['mara', 'ALEX'])).toBe('Sam');
  });

  it('numbers the names once every one is taken', () => {
    expect(suggestAgentName(SUGGESTED_AGENT_NAMES)).toBe('Mara 2');
    expect(suggestAgentName([...SUGGESTED_AGENT_NAMES, 'Mara 2'])).toBe('Alex 2');
  });
});
