import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAdminError } from './admin-error.ts';
import { ConfigureAgentInput } from './agent/agent-commands.ts';
import { AddSlackConnectionInput } from './connection/connection-commands.ts';
import { InviteMemberInput } from './member/member-commands.ts';
import { parseCommand } from './parse-command.ts';
import { CreateTenantInput, UpdateTenantInput } from './tenant/tenant-commands.ts';

const TENANT_ID = '0195f0a0-0000-7000-8000-000000000001';
const AGENT_ID = '0195f0a0-0000-7000-8000-0000000000a1';

describe('parseCommand', () => {
  it('returns the parsed command, trimmed and normalised by the shared rules', () => {
    const parsed = parseCommand(InviteMemberInput, {
      tenantId: TENANT_ID,
      userId: AGENT_ID,
      email: 'Ada@Example.com',
      role: 'admin',
    });
    expect(parsed).toEqual({
      ok: true,
      command: { tenantId: TENANT_ID, userId: AGENT_ID, email: 'ada@example.com', role: 'admin' },
    });
  });

  it('names every invalid field in one InvalidInput error', () => {
    const parsed = parseCommand(CreateTenantInput, {
      tenantId: 'nope',
      name: '',
      slug: 'Not A Slug',
      rateLimitPerMinute: 0,
    });
    if (parsed.ok) throw new Error('expected a failure');
    expect(parsed.error.code).toBe('InvalidInput');
    expect(isAdminError(parsed.error)).toBe(true);
    expect(parsed.error.issues.map((issue) => issue.field)).toEqual([
      'tenantId',
      'name',
      'slug',
      'rateLimitPerMinute',
    ]);
    for (const field of ['tenantId', 'name', 'slug', 'rateLimitPerMinute']) {
      expect(parsed.error.message).toContain(`${field}:`);
    }
  });

  it('rejects unknown fields, so a typo is not silently ignored', () => {
    const parsed = parseCommand(UpdateTenantInput, { tenantId: TENANT_ID, nmae: 'Acme' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toContain('nmae');
  });

  it('applies the Agent Designer rules of the event contract, with nested field paths', () => {
    const parsed = parseCommand(ConfigureAgentInput, {
      tenantId: TENANT_ID,
      agentId: AGENT_ID,
      name: 'x'.repeat(81),
      modelPreference: 'turbo',
      escalationRules: [{ kind: 'keyword', keywords: [] }],
    });
    if (parsed.ok) throw new Error('expected a failure');
    expect(parsed.error.issues.map((issue) => issue.field)).toEqual([
      'name',
      'escalationRules.0.keywords',
      'modelPreference',
    ]);
  });

  it('leaves absent agent fields absent (an update keeps them), with no defaults filled in', () => {
    const parsed = parseCommand(ConfigureAgentInput, {
      tenantId: TENANT_ID,
      agentId: AGENT_ID,
      persona: 'Warm',
    });
    expect(parsed).toEqual({
      ok: true,
      command: { tenantId: TENANT_ID, agentId: AGENT_ID, persona: 'Warm' },
    });
  });

  it('accepts only an encrypted bot token', () => {
    const parsed = parseCommand(AddSlackConnectionInput, {
      tenantId: TENANT_ID,
      connectionId: AGENT_ID,
      agentId: null,
      teamId: 'T0123ABCD',
      botUserId: 'U0BOT',
      botToken: 'xoxb-plain-text',
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.issues.map((issue) => issue.field)).toEqual(['botToken']);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const parsed = parseCommand(CreateTenantInput, input);
        if (!parsed.ok) expect(parsed.error.code).toBe('InvalidInput');
      }),
    );
  });
});
