/**
 * Test-only events, in their own registry, so the bus is exercised without depending on the
 * platform catalogue: a stored fact, a live (core NATS) event and a reaction.
 */
import {
  createEvent,
  createEventRegistry,
  defineEvent,
  type EventOf,
  Uuid,
} from '@konstruct/schemas';
import { z } from 'zod';

export const WidgetCreated = defineEvent({
  type: 'widget.created',
  version: 1,
  description: 'A test widget was created.',
  data: z.object({ widgetId: Uuid, name: z.string().min(1), n: z.number().int() }).strict(),
  entityOf: (data) => ({ entity: 'agent', id: data.widgetId }),
});

export const WidgetPinged = defineEvent({
  type: 'widget.pinged',
  version: 1,
  delivery: 'live',
  description: 'A live-only test ping.',
  data: z.object({ widgetId: Uuid }).strict(),
  entityOf: (data) => ({ entity: 'agent', id: data.widgetId }),
});

export const WidgetNoticed = defineEvent({
  type: 'widget.noticed',
  version: 1,
  description: 'A reaction to widget.created.',
  data: z.object({ widgetId: Uuid, sourceEventId: Uuid }).strict(),
  entityOf: (data) => ({ entity: 'agent', id: data.widgetId }),
});

export const WidgetArchived = defineEvent({
  type: 'widget.archived',
  version: 1,
  description: 'A test widget was archived.',
  data: z.object({ widgetId: Uuid }).strict(),
  entityOf: (data) => ({ entity: 'agent', id: data.widgetId }),
});

export type TestEvent =
  | EventOf<typeof WidgetCreated>
  | EventOf<typeof WidgetArchived>
  | EventOf<typeof WidgetPinged>
  | EventOf<typeof WidgetNoticed>;

export const testRegistry = createEventRegistry<TestEvent>([
  WidgetCreated,
  WidgetArchived,
  WidgetPinged,
  WidgetNoticed,
]);

export const TENANT = '0190a6f0-0000-7000-8000-000000000001';
export const WIDGET = '0190a6f0-0000-7000-8000-0000000000aa';

export function widgetCreated(n: number, tenantId = TENANT): TestEvent {
  return createEvent(WidgetCreated, { tenantId }, { widgetId: WIDGET, name: `widget ${n}`, n });
}
