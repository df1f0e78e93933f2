/**
 * The services `konstruct start` can run, by name. Each service package exports its definition;
 * this list is the one place that knows them all (the cli is the composition root).
 */
import { projectorService } from '@konstruct/projector';
import type { ServiceDefinition } from '@konstruct/runtime';

export const serviceCatalog: readonly ServiceDefinition[] = [projectorService];
