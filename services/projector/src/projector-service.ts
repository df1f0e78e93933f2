/**
 * The projector as a platform service: it needs Postgres (the app-role connection, RLS in force)
 * and NATS, starts the live apply loop of @konstruct/projections and, on stop, lets the current
 * batch finish. Run it in its own process (`src/main.ts`) or with the others (`konstruct start`).
 * Run ONE projector per namespace in production: several are safe (they serialise on an advisory
 * lock and fill each other's gaps) but not faster.
 */
import { loadConfig } from '@konstruct/config';
import { startProjector } from '@konstruct/projections';
import type { ServiceDefinition } from '@konstruct/runtime';
import { type ProjectorSettings, projectorEnvSchema, projectorSettings } from './config.ts';

export function createProjectorService(
  settings: () => ProjectorSettings = () => projectorSettings(loadConfig(projectorEnvSchema)),
): ServiceDefinition {
  return {
    name: 'projector',
    description: 'Keeps the Postgres read model up to date with the events stream.',
    needs: ['postgres'],
    async start(context) {
      const { db } = context;
      if (db === undefined) throw new Error('the projector needs Postgres; declare it in `needs`');
      const { batchSize, batchLingerMs, maxAttempts } = settings();
      const projector = await startProjector({
        nc: context.nats,
        db,
        subjects: context.subjects,
        logger: context.logger,
        metrics: context.metrics,
        batchSize,
        batchLingerMs,
        maxAttempts,
      });
      return { stop: () => projector.stop() };
    },
  };
}

/** The definition `konstruct start` runs; its settings are read from the environment at start. */
export const projectorService: ServiceDefinition = createProjectorService();
