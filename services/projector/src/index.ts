/**
 * @konstruct/projector — the projector service (the read model kept up to date with the events
 * stream). The cli's service catalog imports `projectorService` from here.
 */
export {
  type ProjectorSettings,
  projectorEnv,
  projectorEnvSchema,
  projectorProcessEnvSchema,
  projectorSettings,
} from './config.ts';
export { createProjectorService, projectorService } from './projector-service.ts';
