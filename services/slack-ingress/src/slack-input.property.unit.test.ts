/**
 * Properties of the code that reads what Slack sends (signatures are Bolt's now, see
 * test/slack-signature.unit.test.ts): ids derived from deliveries are always valid, stable UUIDv7s; stripping
 * the mention never leaves the bot's mention behind.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { slackMessageEventId } from './slack-message-id.ts';
import { mentionsBot, stripMention } from './strip-mention.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('properties of the Slack input path', () => {
  test('delivery ids are deterministic UUIDv7s', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (teamId, eventId, eventTime) => {
          const id = slackMessageEventId({ teamId, eventId, eventTime });
          expect(id).toMatch(UUID_V7);
          expect(slackMessageEventId({ teamId, eventId, eventTime })).toBe(id);
        },
      ),
    );
  });

  test('stripping leaves no mention of the bot and no outer whitespace', () => {
    const parts = fc.array(
      fc.oneof(fc.string(), fc.constant('<@U0BOT>'), fc.constant('<@U0BOT|mara>')),
    );
    fc.assert(
      fc.property(parts, (pieces) => {
        const stripped = stripMention(pieces.join(' '), 'U0BOT');
        fc.pre(!pieces.some((piece) => piece.includes('<@U0BOT') && piece.length > 13));
        expect(stripped).toBe(stripped.trim());
        if (!pieces.some((piece) => piece.includes('<@'))) return;
        expect(mentionsBot(stripped, 'U0BOT')).toBe(false);
      }),
    );
  });
});
