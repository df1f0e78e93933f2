import { describe, expect, test } from 'vitest';
import { classifySlackEvent } from './classify-slack-event.ts';
import type { SlackInnerEvent } from './slack-event.ts';

const BOT = 'U0BOT';
const base = { user: 'U0ANA', channel: 'C0GENERAL', ts: '1700000000.000100' };
const classify = (event: SlackInnerEvent) => classifySlackEvent(event, BOT);

describe('classifySlackEvent', () => {
  test('an app_mention in a channel is answered as a mention', () => {
    expect(classify({ type: 'app_mention', text: `<@${BOT}> hi`, ...base })).toMatchObject({
      decision: 'publish',
      message: { kind: 'mention', channelType: 'channel', userId: 'U0ANA', threadTs: undefined },
    });
  });

  test('a message in a DM is answered as a direct message', () => {
    expect(
      classify({ type: 'message', channel_type: 'im', text: 'hi', ...base, channel: 'D0DM' }),
    ).toMatchObject({
      decision: 'publish',
      message: { kind: 'direct_message', channelType: 'im' },
    });
  });

  test('a plain message in a channel thread is a thread reply for the router to decide', () => {
    const reply = { type: 'message', channel_type: 'channel', text: 'and?', ...base };
    expect(classify({ ...reply, thread_ts: '1699999999.000001' })).toMatchObject({
      decision: 'publish',
      message: { kind: 'thread_reply', threadTs: '1699999999.000001' },
    });
  });

  test('a plain channel message outside a thread, or a thread root, is not addressed', () => {
    expect(classify({ type: 'message', channel_type: 'channel', ...base })).toEqual({
      decision: 'ignore',
      reason: 'not_addressed',
    });
    expect(classify({ type: 'message', ...base, thread_ts: base.ts })).toMatchObject({
      reason: 'not_addressed',
    });
  });

  test('the message copy of a mention is left to its app_mention', () => {
    expect(
      classify({ type: 'message', channel_type: 'channel', text: `<@${BOT}> hi`, ...base }),
    ).toMatchObject({ decision: 'ignore', reason: 'mention_handled_as_app_mention' });
  });

  test('bots, its own messages, edits, deletes, joins and other subtypes are ignored', () => {
    const cases: Array<[SlackInnerEvent, string]> = [
      [{ type: 'message', channel_type: 'im', bot_id: 'B1', ...base }, 'bot_message'],
      [{ type: 'message', subtype: 'bot_message', ...base }, 'bot_message'],
      [{ type: 'message', channel_type: 'im', ...base, user: BOT }, 'own_message'],
      [{ type: 'app_mention', ...base, user: BOT }, 'own_message'],
      [{ type: 'message', subtype: 'message_changed', ...base }, 'edited'],
      [{ type: 'app_mention', ...base, edited: { user: 'U0ANA', ts: '1.3' } }, 'edited'],
      [{ type: 'message', channel_type: 'im', ...base, edited: { user: 'U0ANA' } }, 'edited'],
      [{ type: 'message', subtype: 'message_deleted', ...base }, 'deleted'],
      [{ type: 'message', subtype: 'channel_join', ...base }, 'channel_join'],
      [{ type: 'message', subtype: 'file_share', ...base }, 'other_subtype'],
      [{ type: 'reaction_added', ...base }, 'unsupported_event'],
      [{ type: 'app_mention', channel: 'C1', ts: '1.2' }, 'incomplete_event'],
    ];
    for (const [event, reason] of cases) {
      expect(classify(event)).toEqual({ decision: 'ignore', reason });
    }
  });

  test("the sender's display name comes from the event's profile, else the user id", () => {
    const named = classify({
      type: 'app_mention',
      ...base,
      user_profile: { display_name: '', real_name: 'Ana Lima' },
    });
    expect(named).toMatchObject({ message: { displayName: 'Ana Lima' } });
    expect(classify({ type: 'app_mention', ...base })).toMatchObject({
      message: { displayName: 'U0ANA' },
    });
  });
});
