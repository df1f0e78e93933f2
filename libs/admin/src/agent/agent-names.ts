/**
 * Human-like default names for new agents (DESIGN.md: "Mara, Alex, …"), so a new AI employee
 * gets a name colleagues can address before an operator picks one.
 */
import { sameAgentName } from './agent-state.ts';

export const SUGGESTED_AGENT_NAMES: readonly string[] = [
  'Mara',
  'Alex',
  'Sam',
  'Priya',
  'Jonas',
  'Leila',
  'Noah',
  'Ines',
  'Theo',
  'Amara',
  'Kai',
  'Lena',
  'Omar',
  'Yuki',
  'Elena',
  'Felix',
];

/**
 * The first suggested name not in `taken` (compared ignoring case); when all are taken, the first
 * free `<name> <n>` (`Mara 2`, `Alex 2`, …, `Mara 3`, …).
 */
export function suggestAgentName(taken: readonly string[]): string {
  const isFree = (name: string) => !taken.some((other) => sameAgentName(other, name));
  for (let round = 1; ; round += 1) {
    const suffix = round === 1 ? '' : ` ${round}`;
    const free = SUGGESTED_AGENT_NAMES.map((name) => `${name}${suffix}`).find(isFree);
    if (free !== undefined) return free;
  }
}
