import { randomBytes } from 'node:crypto';
import { createPublisher, silentLogger } from '@konstruct/bus';
import { openAdminBucket } from '@konstruct/event-store';
import { newEventId, userIdForEmail } from '@konstruct/schemas';
import { createKeyring, decryptSecret } from '@konstruct/secrets';
import { createTestBus, type TestBus } from '@konstruct/testing';
import type { KV } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AddSlackConnectionDeps,
  addSlackConnection,
  changeMemberRole,
  configureAgent,
  createTenant,
  deactivateAgent,
  deleteTenant,
  inviteMember,
  loadConnection,
  loadTenant,
  removeConnection,
  removeMember,
  slackBotTokenContext,
  updateTenant,
} from '../src/index.ts';

describe('admin commands against NATS', () => {
  let bus: TestBus;
  let bucket: KV;
  let deps: AddSlackConnectionDeps;
  const keyring = createKeyring({ current: randomBytes(32).toString('base64') });

  beforeAll(async () => {
    bus = await createTestBus();
    bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
    const publisher = createPublisher({
      nc: bus.nc,
      subjects: bus.subjects,
      logger: silentLogger(),
    });
    deps = { nc: bus.nc, subjects: bus.subjects, publisher, bucket, keyring };
  });
  afterAll(async () => {
    await bucket.destroy();
    await bus.cleanup();
  });

  const unique = (name: string) => `${name} ${newEventId().slice(-8)}`;

  test('a tenant is created with a slug derived from its name and can be read back', async () => {
    const name = unique('Acme Corp');
    const created = await createTenant(deps, { name });
    expect(created.sequence).toBeGreaterThan(0);
    const { state } = await loadTenant(deps, created.id);
    expect(state).toMatchObject({
      status: 'active',
      version: 1,
      profile: { name, rateLimitPerMinute: 30 },
    });
    expect(state.status === 'active' && state.profile.slug).toMatch(/^acme-corp-/);
  });

  test('a slug is unique across tenants until its tenant is deleted', async () => {
    const slug = `globex-${newEventId().slice(-6)}`;
    const first = await createTenant(deps, { name: 'Globex', slug });
    await expect(createTenant(deps, { name: 'Globex Two', slug })).rejects.toMatchObject({
      code: 'SlugTaken',
    });
    await deleteTenant(deps, { tenantId: first.id });
    const second = await createTenant(deps, { name: 'Globex Two', slug });
    expect(second.id).not.toBe(first.id);
  });

  test('of concurrent creations with one slug, exactly one succeeds', async () => {
    const slug = `race-${newEventId().slice(-6)}`;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => createTenant(deps, { name: `Racer ${i}`, slug })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'SlugTaken' });
    }
  });

  test('a stale expected version is refused and nothing is written', async () => {
    const created = await createTenant(deps, { name: unique('Initech') });
    await updateTenant(deps, { tenantId: created.id, rateLimitPerMinute: 60, expectedVersion: 1 });
    await expect(
      updateTenant(deps, { tenantId: created.id, name: 'Lost update', expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'StaleWrite' });
    const { state } = await loadTenant(deps, created.id);
    expect(state).toMatchObject({ version: 2, profile: { rateLimitPerMinute: 60 } });
  });

  test('invalid input names the field and writes nothing', async () => {
    await expect(createTenant(deps, { name: '' })).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(updateTenant(deps, { tenantId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('tenantId'),
    });
  });

  test('agent names are unique among the active agents of a tenant', async () => {
    const tenant = await createTenant(deps, { name: unique('Hooli') });
    const mara = await configureAgent(deps, { tenantId: tenant.id, name: 'Mara', role: 'Support' });
    await expect(
      configureAgent(deps, { tenantId: tenant.id, name: 'mara', role: 'Sales' }),
    ).rejects.toMatchObject({ code: 'AgentNameTaken' });
    await deactivateAgent(deps, { tenantId: tenant.id, agentId: mara.id });
    const again = await configureAgent(deps, { tenantId: tenant.id, name: 'Mara', role: 'Sales' });
    expect(again.id).not.toBe(mara.id);
    const other = await createTenant(deps, { name: unique('Other') });
    await configureAgent(deps, { tenantId: other.id, name: 'Mara', role: 'Support' });
  });

  test('an agent cannot be configured for a tenant that does not exist', async () => {
    await expect(
      configureAgent(deps, { tenantId: newEventId(), name: 'Alex', role: 'Support' }),
    ).rejects.toMatchObject({ code: 'TenantNotFound' });
  });

  test('a Slack workspace connects to one tenant at a time; its token is stored encrypted', async () => {
    const teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
    const token = `xoxb-${randomBytes(12).toString('hex')}`;
    const a = await createTenant(deps, { name: unique('Tenant A') });
    const b = await createTenant(deps, { name: unique('Tenant B') });
    const added = await addSlackConnection(deps, {
      tenantId: a.id,
      teamId,
      botUserId: 'U0BOT',
      botToken: token,
    });
    const { state, loaded } = await loadConnection(deps, a.id, added.id);
    expect(JSON.stringify(loaded.events)).not.toContain(token);
    if (state.status !== 'connected') throw new Error('not connected');
    const secret = state.details.connection.botToken;
    expect(decryptSecret(keyring, secret, { context: slackBotTokenContext(a.id, added.id) })).toBe(
      token,
    );
    expect(() =>
      decryptSecret(keyring, secret, { context: slackBotTokenContext(b.id, added.id) }),
    ).toThrow();

    await expect(
      addSlackConnection(deps, { tenantId: b.id, teamId, botUserId: 'U0BOT', botToken: token }),
    ).rejects.toMatchObject({ code: 'SlackTeamAlreadyConnected' });
    await removeConnection(deps, { tenantId: a.id, connectionId: added.id });
    const moved = await addSlackConnection(deps, {
      tenantId: b.id,
      teamId,
      botUserId: 'U0BOT',
      botToken: token,
    });
    expect(moved.id).not.toBe(added.id);
  });

  test('re-adding an existing connection fails without releasing its workspace claim', async () => {
    const teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
    const token = `xoxb-${randomBytes(12).toString('hex')}`;
    const a = await createTenant(deps, { name: unique('Keeper') });
    const b = await createTenant(deps, { name: unique('Grabber') });
    const added = await addSlackConnection(deps, {
      tenantId: a.id,
      teamId,
      botUserId: 'U0BOT',
      botToken: token,
    });
    await expect(
      addSlackConnection(deps, {
        tenantId: a.id,
        connectionId: added.id,
        teamId,
        botUserId: 'U0BOT',
        botToken: token,
      }),
    ).rejects.toMatchObject({ code: 'ConnectionAlreadyExists' });
    await expect(
      addSlackConnection(deps, { tenantId: b.id, teamId, botUserId: 'U0BOT', botToken: token }),
    ).rejects.toMatchObject({ code: 'SlackTeamAlreadyConnected' });
  });

  test('a plain bot token that is not a Slack token is refused', async () => {
    const a = await createTenant(deps, { name: unique('Tokens') });
    await expect(
      addSlackConnection(deps, {
        tenantId: a.id,
        teamId: 'T0ABC',
        botUserId: 'U0BOT',
        botToken: 'hunter2',
      }),
    ).rejects.toMatchObject({ code: 'InvalidInput' });
  });

  test('concurrent creations of one agent name in a tenant: exactly one succeeds', async () => {
    const tenant = await createTenant(deps, { name: unique('Name race') });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        configureAgent(deps, { tenantId: tenant.id, name: 'Priya', role: `Role ${i}` }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  test('concurrent removals of two admins never leave a tenant without one', async () => {
    const tenant = await createTenant(deps, { name: unique('Admin race') });
    const ann = await inviteMember(deps, {
      tenantId: tenant.id,
      email: 'ann@race.test',
      role: 'admin',
    });
    const bob = await inviteMember(deps, {
      tenantId: tenant.id,
      email: 'bob@race.test',
      role: 'admin',
    });
    const results = await Promise.allSettled([
      removeMember(deps, { tenantId: tenant.id, userId: ann.id }),
      removeMember(deps, { tenantId: tenant.id, userId: bob.id }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  test('a tenant always keeps one admin', async () => {
    const tenant = await createTenant(deps, { name: unique('Admins') });
    const ann = await inviteMember(deps, {
      tenantId: tenant.id,
      email: 'Ann@Example.com',
      role: 'admin',
    });
    expect(ann.id).toBe(userIdForEmail('ann@example.com'));
    await expect(removeMember(deps, { tenantId: tenant.id, userId: ann.id })).rejects.toMatchObject(
      {
        code: 'LastAdmin',
      },
    );
    const bob = await inviteMember(deps, {
      tenantId: tenant.id,
      email: 'bob@example.com',
      role: 'member',
    });
    await expect(
      inviteMember(deps, { tenantId: tenant.id, email: 'BOB@example.com', role: 'admin' }),
    ).rejects.toMatchObject({ code: 'MemberAlreadyExists' });
    await changeMemberRole(deps, { tenantId: tenant.id, userId: bob.id, role: 'admin' });
    await removeMember(deps, { tenantId: tenant.id, userId: ann.id });
  });
});
