/**
 * What `evolve` needs of an event: its type and its (parsed) data. Any full envelope read from the
 * stream (`EventOf<D>`) is one, and so is a hand-written `{ type, data }` in a test.
 */
import type { EventDefinition } from '@konstruct/schemas';
import type { z } from 'zod';

export type FactOf<D extends EventDefinition> =
  D extends EventDefinition<infer Type, number, infer Schema>
    ? { readonly type: Type; readonly data: z.output<Schema> }
    : never;
