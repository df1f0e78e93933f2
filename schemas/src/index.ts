export {
  eventDefinitions,
  eventRegistry,
  type KonstructEvent,
  type KonstructEventType,
  upcasters,
} from './catalog.ts';
export {
  type CausingEvent,
  createEvent,
  createReaction,
  defineEvent,
  type EntityRef,
  type EventDefinition,
  type EventOf,
  type EventOrigin,
} from './define-event.ts';
export {
  EnvelopeFields,
  type EventEnvelope,
  EventTypeName,
  type RawEnvelope,
  TenantId,
} from './envelope.ts';
export { parseEventAt } from './event-at-subject.ts';
export {
  createEventRegistry,
  describeZodError,
  type EventRegistry,
  type ParseFailure,
  type ParseFailureCode,
  type ParseResult,
  type Upcaster,
} from './event-registry.ts';
export {
  AgentConfiguration,
  AgentConfigured,
  AgentDeactivated,
  EscalationRule,
} from './events/agent.ts';
export {
  AgentId,
  ChannelKind,
  ConnectionId,
  ConversationId,
  EncryptedSecret,
  MemberRole,
  ModelGroup,
  TokenUsage,
  UserId,
} from './events/common.ts';
export { ConnectionAdded, ConnectionRemoved, SlackConnection } from './events/connection.ts';
export { MemberInvited, MemberRemoved, MemberRoleChanged } from './events/member.ts';
export {
  ChannelMetadata,
  MessageReceived,
  MessageRejected,
  MessageRouted,
  MessageSender,
  RejectionReason,
} from './events/message.ts';
export { ReplyCompleted, ReplyDelta, ReplyFailed, ReplyStarted } from './events/reply.ts';
export {
  RateLimitPerMinute,
  TenantCreated,
  TenantDeleted,
  TenantSlug,
  TenantUpdated,
} from './events/tenant.ts';
export { UsageRecorded } from './events/usage.ts';
export { deriveEventId, newEventId, stableId, Uuid, userIdForEmail } from './ids.ts';
export { isSafeSubjectToken, subjectToken } from './subject-token.ts';
export {
  ConsumerName,
  type EventForSubject,
  NAMESPACE_PATTERN,
  Namespace,
  type Subjects,
  subjectsFor,
} from './subjects.ts';
