/**
 * @konstruct/router — assigns each `message.received` to the agent that answers it or rejects it
 * with a reason (issue 6, item 2). The cli's service catalog will import `routerService`.
 */
export {
  type RouterSettings,
  routerEnv,
  routerEnvSchema,
  routerProcessEnvSchema,
  routerSettings,
} from './config.ts';
export { ENGAGED_THREAD_TTL_MS } from './engaged-threads.ts';
export { ROUTER_REACTION } from './handle-message-received.ts';
export {
  admitMessage,
  applyRateLimits,
  isThreadReply,
  type RateLimitVerdict,
  type RouteDecision,
  routeMessage,
} from './route-message.ts';
export { createRouterService, ROUTER_CONSUMER, routerService } from './router-service.ts';
