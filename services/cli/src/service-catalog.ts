/**
 * The services `konstruct start` can run, by name. Each service package exports its definition;
 * this list is the one place that knows them all (the cli is the composition root). Order is
 * start order: the projector first (the others read the read model it writes), the edges last.
 */
import { agentService } from '@konstruct/agent';
import { projectorService } from '@konstruct/projector';
import { routerService } from '@konstruct/router';
import type { ServiceDefinition } from '@konstruct/runtime';
import { slackEgressService } from '@konstruct/slack-egress';
import { slackIngressService } from '@konstruct/slack-ingress';

export const serviceCatalog: readonly ServiceDefinition[] = [
  projectorService,
  routerService,
  agentService,
  slackEgressService,
  slackIngressService,
];
