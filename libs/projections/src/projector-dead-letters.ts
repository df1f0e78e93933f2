/**
 * Files what the projector gives up on — an event that does not parse, or one that keeps failing
 * to apply — as a dead letter of consumer `projector`, in the bus's record format (`@konstruct/bus`
 * dead-letter helpers) and on the bus's dead-letter subject, with the message id derived from the
 * stream position so filing the same position twice stores it once. The raw message is read back
 * from the stream when it is not at hand (an event read to fill a gap).
 */
import {
  type DeadLetterCode,
  deadLetterMsgId,
  deadLetterRecord,
  deadLetterTenant,
  headersToRecord,
} from '@konstruct/bus';
import type { Subjects } from '@konstruct/schemas';
import { type JetStreamManager, type JsMsg, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';

export const PROJECTOR_CONSUMER = 'projector';

export interface RawStreamMessage {
  readonly sequence: number;
  readonly subject: string;
  readonly headers: MsgHdrs | undefined;
  readonly payload: Uint8Array;
  readonly deliveryCount: number;
}

export interface DeadLetterReason {
  readonly code: DeadLetterCode;
  readonly reason: string;
  readonly tenantId?: string | undefined;
  readonly eventId?: string | undefined;
  readonly eventType?: string | undefined;
}

export function rawOf(msg: JsMsg): RawStreamMessage {
  return {
    sequence: msg.seq,
    subject: msg.subject,
    headers: msg.headers,
    payload: msg.data,
    deliveryCount: msg.info.deliveryCount,
  };
}

export interface ProjectorDeadLetters {
  file(raw: RawStreamMessage, why: DeadLetterReason): Promise<void>;
  /** Reads the message at `sequence` back from the events stream, then files it. */
  fileSequence(sequence: number, deliveryCount: number, why: DeadLetterReason): Promise<void>;
}

async function storedMessage(
  jsm: JetStreamManager,
  stream: string,
  sequence: number,
): Promise<RawStreamMessage> {
  const stored = await jsm.streams.getMessage(stream, { seq: sequence });
  return {
    sequence,
    subject: stored?.subject ?? '',
    headers: stored?.header,
    payload: stored?.data ?? new Uint8Array(),
    deliveryCount: 1,
  };
}

export function projectorDeadLetters(nc: NatsConnection, subjects: Subjects): ProjectorDeadLetters {
  const js = jetstream(nc);
  let jsm: Promise<JetStreamManager> | undefined;
  const stream = subjects.streams.events;
  async function file(raw: RawStreamMessage, why: DeadLetterReason): Promise<void> {
    const record = deadLetterRecord({
      consumer: PROJECTOR_CONSUMER,
      stream,
      streamSequence: raw.sequence,
      deliveryCount: Math.max(1, raw.deliveryCount),
      code: why.code,
      reason: why.reason,
      subject: raw.subject,
      headers: headersToRecord(raw.headers),
      payload: raw.payload,
      eventId: why.eventId,
      eventType: why.eventType,
      now: new Date(),
    });
    const subject = subjects.deadLetter(PROJECTOR_CONSUMER, deadLetterTenant(why.tenantId));
    await js.publish(subject, JSON.stringify(record), { msgID: deadLetterMsgId(record) });
  }
  return {
    file,
    async fileSequence(sequence, deliveryCount, why) {
      jsm ??= jetstreamManager(nc);
      const raw = await storedMessage(await jsm, stream, sequence);
      await file({ ...raw, deliveryCount }, why);
    },
  };
}
