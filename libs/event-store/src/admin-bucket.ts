/**
 * The JetStream key-value bucket that makes admin writes safe on NATS 2.9: each aggregate's
 * version register (compare-and-set) and platform-wide uniqueness claims (create-if-absent).
 * Declared idempotently like the streams; keeps one revision per key.
 */
import type { Subjects } from '@konstruct/schemas';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

export async function openAdminBucket(
  nc: NatsConnection,
  subjects: Subjects,
  replicas: number,
): Promise<KV> {
  return new Kvm(nc).create(subjects.buckets.admin, {
    history: 1,
    replicas,
    description: `Konstruct ${subjects.namespace}: aggregate versions and uniqueness claims`,
  });
}
