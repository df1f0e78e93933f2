import { MessageReceived, stableId } from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import { buildMessageReceived } from './build-message-received.ts';
import type { AddressedMessage } from './classify-slack-event.ts';
import { slackConversationId } from './conversation-id.ts';
import { slackMessageEventId } from './slack-message-id.ts';

const workspace = {
  tenantId: '0195f0a0-0000-7000-8000-000000000001',
  connectionId: '0195f0a0-0000-7000-8000-0000000000c1',
  botUserId: 'U0BOT',
};
const delivery = { teamId: 'T0ACME', eventId: 'Ev0PV52K21', eventTime: 1_700_000_000 };
const message: AddressedMessage = {
  kind: 'mention',
  userId: 'U0ANA',
  displayName: 'Ana',
  text: '<@U0BOT> hello there',
  channelId: 'C0GENERAL',
  channelType: 'channel',
  ts: '1700000000.000100',
  threadTs: undefined,
};

describe('the message.received event of a Slack delivery', () => {
  test('is a valid event with the mention stripped and the thread root as threadTs', () => {
    const event = buildMessageReceived(delivery, workspace, message);
    const parsed = MessageReceived.schema.parse(event);
    expect(parsed).toMatchObject({
      tenantId: workspace.tenantId,
      occurredAt: '2023-11-14T22:13:20.000Z',
      data: {
        conversationId: stableId(['slack', 'T0ACME', 'C0GENERAL', '1700000000.000100']),
        connectionId: workspace.connectionId,
        text: 'hello there',
        sender: { id: 'U0ANA', displayName: 'Ana', isBot: false },
        metadata: { eventId: 'Ev0PV52K21', threadTs: '1700000000.000100', mentioned: true },
      },
    });
  });

  test('a retried delivery builds the identical event (same id, JetStream dedups it)', () => {
    expect(buildMessageReceived(delivery, workspace, message)).toEqual(
      buildMessageReceived(delivery, workspace, message),
    );
  });

  test('ids are UUIDv7 carrying the event time, and differ per event id and per team', () => {
    const id = slackMessageEventId(delivery);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(1_700_000_000_000);
    expect(slackMessageEventId({ ...delivery, eventId: 'Ev0OTHER' })).not.toBe(id);
    expect(slackMessageEventId({ ...delivery, teamId: 'T0OTHER' })).not.toBe(id);
  });

  test('a thread reply belongs to the conversation of its thread root', () => {
    const root = { teamId: 'T0ACME', channelId: 'C0GENERAL', ts: '1.1' };
    expect(slackConversationId({ ...root, ts: '2.2', threadTs: '1.1' })).toBe(
      slackConversationId(root),
    );
  });
});
