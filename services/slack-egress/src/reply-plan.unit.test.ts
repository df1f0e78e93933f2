import { describe, expect, test } from 'vitest';
import { completionPlan, failurePlan } from './reply-plan.ts';
import { SLACK_MESSAGE_LIMIT } from './slack-text.ts';

const stream = (streamed: string) => ({ mode: 'stream' as const, ts: '1.1', streamed });

describe('completionPlan', () => {
  test('a stream gets the rest of the final text with its stop', () => {
    expect(completionPlan(stream('Hello, '), 'Hello, world.')).toEqual([
      { kind: 'stop', ts: '1.1', markdown: 'world.', whole: 'Hello, world.' },
    ]);
  });

  test('a final text that does not start with the streamed one: stop, then correct', () => {
    expect(completionPlan(stream('Draft'), 'Final')).toEqual([
      { kind: 'stop', ts: '1.1', markdown: '', whole: 'Final' },
      { kind: 'update', ts: '1.1', markdown: 'Final' },
    ]);
  });

  test('a stream an append may have reached unrecorded: stop, then rewrite it whole', () => {
    expect(completionPlan({ ...stream('Hello, '), unsure: true }, 'Hello, world.')).toEqual([
      { kind: 'stop', ts: '1.1', markdown: '', whole: 'Hello, world.' },
      { kind: 'update', ts: '1.1', markdown: 'Hello, world.' },
    ]);
  });

  test('a long answer: the stream ends at a paragraph, follow-ups carry the rest', () => {
    const paragraph = `${'x'.repeat(999)}\n\n`;
    const final = paragraph.repeat(25);
    const steps = completionPlan(stream(final.slice(0, 500)), final);
    expect(steps[0]?.kind).toBe('stop');
    const shown = steps.map((step) =>
      step.kind === 'stop' ? final.slice(0, 500) + step.markdown : step.markdown,
    );
    expect(shown.join('')).toBe(final);
    for (const text of shown) expect(text.length).toBeLessThanOrEqual(SLACK_MESSAGE_LIMIT);
    expect(shown[0]?.endsWith('\n\n')).toBe(true);
  });

  test('a placeholder is replaced; with nothing shown the answer is posted', () => {
    expect(completionPlan({ mode: 'placeholder', ts: '2.2', streamed: '' }, 'Hi')).toEqual([
      { kind: 'update', ts: '2.2', markdown: 'Hi' },
    ]);
    expect(completionPlan({ mode: 'placeholder', ts: undefined, streamed: '' }, 'Hi')).toEqual([
      { kind: 'post', markdown: 'Hi' },
    ]);
  });
});

describe('failurePlan', () => {
  test('a stream ends with the apology after what was said', () => {
    expect(failurePlan(stream('Partial'), 'Sorry.')).toEqual([
      { kind: 'stop', ts: '1.1', markdown: '\n\nSorry.', whole: 'Partial\n\nSorry.' },
    ]);
  });

  test('a full stream is stopped and the apology posted after it', () => {
    const full = 'x'.repeat(SLACK_MESSAGE_LIMIT);
    expect(failurePlan(stream(full), 'Sorry.')).toEqual([
      { kind: 'stop', ts: '1.1', markdown: '', whole: full },
      { kind: 'post', markdown: 'Sorry.' },
    ]);
  });

  test('a placeholder becomes the apology', () => {
    expect(failurePlan({ mode: 'placeholder', ts: '2.2', streamed: '' }, 'Sorry.')).toEqual([
      { kind: 'update', ts: '2.2', markdown: 'Sorry.' },
    ]);
  });
});
