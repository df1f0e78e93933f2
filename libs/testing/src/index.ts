export {
  type DeciderGiven,
  type DeciderSpec,
  type DeciderSpecOptions,
  type DeciderWhen,
  type DecisionLike,
  deciderSpec,
} from './decider-spec.ts';
export { eventually } from './eventually.ts';
export { startAnthropicServer } from './llm-loopback/anthropic-server.ts';
export {
  DEFAULT_TEXT,
  type LoopbackServer,
  type RecordedRequest,
  type ScriptedReply,
  tokensOf,
} from './llm-loopback/loopback-server.ts';
export { startOllamaServer } from './llm-loopback/ollama-server.ts';
export { startOpenAiServer } from './llm-loopback/openai-server.ts';
export { createTestBus, TEST_STREAM_LIMITS, type TestBus, type TestBusOptions } from './nats.ts';
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './postgres.ts';
export { createTestRedis, type TestRedis } from './redis.ts';
export { DEFAULT_SERVICE_URLS, type ServiceUrls, serviceUrls } from './service-urls.ts';
export {
  eventCallback,
  type PostOptions,
  postSlackEvent,
  type SlackPost,
  signSlackRequest,
} from './slack-events-client.ts';
export { type SlackMessageOptions, slackMessageReceived } from './slack-message-received.ts';
export {
  SLACK_TEXT_LIMIT,
  type SlackMessage,
} from './slack-web-api/slack-methods.ts';
export {
  type FailOptions,
  type RecordedSlackCall,
  type SlackWebApi,
  type SlackWorkspace,
  startSlackWebApi,
} from './slack-web-api/slack-web-api.ts';
export { countSocketWrites, sendFromSeparateCallbacks } from './socket-writes.ts';
export { uniqueName } from './unique-name.ts';
