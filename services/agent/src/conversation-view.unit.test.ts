import {
  createEvent,
  createReaction,
  type KonstructEvent,
  MessageReceived,
  MessageRouted,
  newEventId,
  ReplyCompleted,
  ReplyFailed,
} from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import { viewConversation } from './conversation-view.ts';

const tenantId = newEventId();
const conversationId = newEventId();
const agentId = newEventId();
const MINUTE = 60_000;

const ANA = { id: 'U1', displayName: 'Ana', isBot: false };

function received(text: string, at = new Date(), sender = ANA) {
  return createEvent(
    MessageReceived,
    { tenantId, occurredAt: at },
    {
      conversationId,
      connectionId: null,
      sender,
      text,
      metadata: {
        channel: 'web',
        userId: newEventId(),
        agentId,
        clientMessageId: newEventId(),
      },
    },
  );
}

function routed(message: ReturnType<typeof received>, at = new Date()) {
  return createEvent(
    MessageRouted,
    { tenantId, causedBy: message, occurredAt: at },
    { conversationId, messageId: message.id, agentId, channel: 'web' },
  );
}

const ref = (r: ReturnType<typeof routed>) => ({
  conversationId,
  replyId: newEventId(),
  messageId: r.data.messageId,
  agentId,
});

const completed = (r: ReturnType<typeof routed>, text: string) =>
  createReaction(ReplyCompleted, r, 'test', {
    ...ref(r),
    text,
    finishReason: 'stop',
    model: 'm',
    usage: { inputTokens: 1, outputTokens: 1, estimated: false },
  });

const failed = (r: ReturnType<typeof routed>) =>
  createReaction(ReplyFailed, r, 'test', {
    ...ref(r),
    errorCode: 'unavailable',
    userMessage: 'sorry',
    referenceId: 'ref',
  });

const options = { now: Date.now(), staleAfterMs: 5 * MINUTE };

describe('viewConversation', () => {
  test('the first message of a conversation: nothing to wait for, no earlier turns', () => {
    const m1 = received('hello');
    const r1 = routed(m1);
    const view = viewConversation([m1, r1], r1, options);
    expect(view).toMatchObject({ answered: false, waitingFor: undefined, currentText: 'hello' });
    expect(view.earlierTurns).toEqual([]);
  });

  test('earlier turns: each routed message then its completed reply, in routed order', () => {
    const m1 = received('one');
    const r1 = routed(m1);
    const m2 = received('two');
    const r2 = routed(m2);
    const m3 = received('three');
    const r3 = routed(m3);
    // the second message arrived while the first was still being answered
    const events: KonstructEvent[] = [m1, r1, m2, r2, completed(r1, 'ONE'), completed(r2, 'TWO')];
    const view = viewConversation([...events, m3, r3], r3, options);
    expect(view.earlierTurns).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'ONE' },
      { role: 'user', content: 'two' },
      { role: 'assistant', content: 'TWO' },
    ]);
    expect(view.waitingFor).toBeUndefined();
    expect(view.currentText).toBe('three');
  });

  test('with several people, every person turn begins with its sender name (the current one too)', () => {
    const m1 = received('is the report done?');
    const r1 = routed(m1);
    const m2 = received('and the slides?', new Date(), {
      id: 'U2',
      displayName: ' Bruno\nSilva ',
      isBot: false,
    });
    const r2 = routed(m2);
    const m3 = received('thanks!', new Date(), { id: 'U3', displayName: '', isBot: false });
    const r3 = routed(m3);
    const events = [m1, r1, completed(r1, 'Yes.'), m2, r2, completed(r2, 'Tomorrow.'), m3, r3];
    const view = viewConversation(events, r3, options);
    expect(view.severalPeople).toBe(true);
    expect(view.earlierTurns).toEqual([
      { role: 'user', content: 'Ana: is the report done?' },
      { role: 'assistant', content: 'Yes.' },
      { role: 'user', content: 'Bruno Silva: and the slides?' },
      { role: 'assistant', content: 'Tomorrow.' },
    ]);
    expect(view.currentText).toBe('U3: thanks!');
  });

  test('with one person, texts are left as they are', () => {
    const m1 = received('one');
    const r1 = routed(m1);
    const m2 = received('two');
    const r2 = routed(m2);
    const view = viewConversation([m1, r1, completed(r1, 'ONE'), m2, r2], r2, options);
    expect(view.severalPeople).toBe(false);
    expect(view.earlierTurns[0]).toEqual({ role: 'user', content: 'one' });
    expect(view.currentText).toBe('two');
  });

  test('a message received but not routed (rejected, ignored) is not a turn', () => {
    const ignored = received('not for you');
    const m2 = received('two');
    const r2 = routed(m2);
    expect(viewConversation([ignored, m2, r2], r2, options).earlierTurns).toEqual([]);
  });

  test('a failed earlier reply adds the user turn only and no longer holds anything back', () => {
    const m1 = received('one');
    const r1 = routed(m1);
    const m2 = received('two');
    const r2 = routed(m2);
    const view = viewConversation([m1, r1, failed(r1), m2, r2], r2, options);
    expect(view.earlierTurns).toEqual([{ role: 'user', content: 'one' }]);
    expect(view.waitingFor).toBeUndefined();
  });

  test('an earlier routed message without a reply is waited for; later ones are not', () => {
    const m1 = received('one');
    const r1 = routed(m1);
    const m2 = received('two');
    const r2 = routed(m2);
    const events = [m1, r1, m2, r2];
    expect(viewConversation(events, r2, options).waitingFor?.id).toBe(r1.id);
    expect(viewConversation(events, r1, options).waitingFor).toBeUndefined();
  });

  test('an earlier unanswered message past the stale limit is reported and not waited for', () => {
    const old = new Date(options.now - 6 * MINUTE);
    const m1 = received('one', old);
    const r1 = routed(m1, old);
    const m2 = received('two');
    const r2 = routed(m2);
    const view = viewConversation([m1, r1, m2, r2], r2, options);
    expect(view.waitingFor).toBeUndefined();
    expect(view.stale.map((event) => event.id)).toEqual([r1.id]);
  });

  test('a message with a stored reply (completed or failed) is answered', () => {
    const m1 = received('one');
    const r1 = routed(m1);
    expect(viewConversation([m1, r1, completed(r1, 'ONE')], r1, options).answered).toBe(true);
    expect(viewConversation([m1, r1, failed(r1)], r1, options).answered).toBe(true);
    expect(viewConversation([m1, r1], r1, options).answered).toBe(false);
  });
});
