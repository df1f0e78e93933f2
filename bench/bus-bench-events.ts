/**
 * Events for the bus benchmark: small, valid `message.received` events of a few tenants and
 * conversations, built before the clock starts so only publishing and consuming are measured.
 */

import { randomUUID } from 'node:crypto';
import { createEvent, type KonstructEvent, MessageReceived } from '@konstruct/schemas';

const TENANTS = Array.from({ length: 4 }, () => randomUUID());
const CONVERSATIONS = Array.from({ length: 32 }, () => randomUUID());

export function benchEvents(count: number): KonstructEvent[] {
  return Array.from({ length: count }, (_, n) =>
    createEvent(
      MessageReceived,
      { tenantId: TENANTS[n % TENANTS.length] ?? randomUUID() },
      {
        conversationId: CONVERSATIONS[n % CONVERSATIONS.length] ?? randomUUID(),
        connectionId: null,
        sender: { id: `user-${n % 50}`, displayName: 'Bench User', isBot: false },
        text: `benchmark message ${n}`,
        metadata: {
          channel: 'web',
          userId: TENANTS[0] ?? randomUUID(),
          agentId: CONVERSATIONS[0] ?? randomUUID(),
          clientMessageId: `bench-${n}`,
        },
      },
    ),
  );
}
