/**
 * Bounded history (AGNT-03), pure: the newest earlier turns whose estimated tokens (chars/4, as
 * the pool estimates) fit the budget, oldest first, then the message being answered. The window
 * is contiguous: once a turn does not fit, nothing older is taken. Role alternation for
 * Anthropic is the pool's job, not this module's.
 */
import { estimateTokens, type LlmMessage } from '@konstruct/llm';

export function historyWindow(
  earlierTurns: readonly LlmMessage[],
  currentText: string,
  budgetTokens: number,
): LlmMessage[] {
  const kept: LlmMessage[] = [];
  let used = 0;
  for (let i = earlierTurns.length - 1; i >= 0; i--) {
    const turn = earlierTurns[i];
    if (turn === undefined) break;
    used += estimateTokens(turn.content);
    if (used > budgetTokens) break;
    kept.push(turn);
  }
  kept.reverse();
  kept.push({ role: 'user', content: currentText });
  return kept;
}
