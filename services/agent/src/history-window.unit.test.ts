import type { LlmMessage } from '@konstruct/llm';
import { describe, expect, test } from 'vitest';
import { historyWindow } from './history-window.ts';

const turn = (role: LlmMessage['role'], content: string): LlmMessage => ({ role, content });
// 'x'.repeat(40) is 10 estimated tokens
const ten = (tag: string) => `${tag}${'x'.repeat(39)}`;

describe('historyWindow', () => {
  const turns = [
    turn('user', ten('a')),
    turn('assistant', ten('b')),
    turn('user', ten('c')),
    turn('assistant', ten('d')),
  ];

  test('keeps every turn in order when they fit, with the current message last', () => {
    expect(historyWindow(turns, 'now?', 1_000)).toEqual([...turns, turn('user', 'now?')]);
  });

  test('keeps the newest turns that fit the budget, oldest first', () => {
    expect(historyWindow(turns, 'now?', 25)).toEqual([turns[2], turns[3], turn('user', 'now?')]);
  });

  test('a turn that does not fit ends the window: no older turn slips in', () => {
    const uneven = [turn('user', 'short'), turn('assistant', 'y'.repeat(400)), turn('user', 'hi')];
    expect(historyWindow(uneven, 'now?', 20)).toEqual([turn('user', 'hi'), turn('user', 'now?')]);
  });

  test('a zero budget sends only the current message', () => {
    expect(historyWindow(turns, 'now?', 0)).toEqual([turn('user', 'now?')]);
  });
});
