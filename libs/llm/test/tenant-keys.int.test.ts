import { randomBytes } from 'node:crypto';
import { createKeyring, encryptSecret } from '@konstruct/secrets';
import type { LoopbackServer } from '@konstruct/testing';
import { startAnthropicServer, startOpenAiServer } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmPool, tenantKeyContext } from '../src/index.ts';
import { collect, deployment, HELLO, poolConfig, TEST_ENV } from './llm-test-pool.ts';

let openai: LoopbackServer;
let anthropic: LoopbackServer;
beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startOpenAiServer(), startAnthropicServer()]);
});
afterAll(async () => {
  await Promise.all([openai.close(), anthropic.close()]);
});

const keyring = createKeyring({ current: randomBytes(32).toString('base64') });

function pool() {
  return createLlmPool(
    poolConfig(
      [deployment('gpt', 'openai', openai.url), deployment('claude', 'anthropic', anthropic.url)],
      {
        quality: { deployments: ['claude'], fallbackGroup: 'fast' },
        fast: { deployments: ['gpt'] },
      },
    ),
    { env: TEST_ENV },
  );
}

describe('tenant keys', () => {
  it("are sent instead of the platform key for that tenant's call only", async () => {
    const secrets = {
      openai: encryptSecret(keyring, 'sk-tenant-openai', {
        context: tenantKeyContext('t1', 'openai'),
      }),
      anthropic: encryptSecret(keyring, 'sk-ant-tenant', {
        context: tenantKeyContext('t1', 'anthropic'),
      }),
    };
    const llm = pool();
    const mine = await llm.complete(HELLO, {
      group: 'fast',
      tenantId: 't1',
      tenantKeys: { keyring, secrets },
    });
    await collect(
      llm.stream(HELLO, { group: 'quality', tenantId: 't1', tenantKeys: { keyring, secrets } }),
    );
    const platform = await llm.complete(HELLO, { group: 'fast', tenantId: 't2' });

    expect(mine.keySource).toBe('tenant');
    expect(platform.keySource).toBe('platform');
    expect(openai.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer sk-tenant-openai',
      'Bearer sk-platform-openai',
    ]);
    // Anthropic SDK 1.x sends the key as a bearer token; older versions used x-api-key
    const sent = anthropic.requests.at(-1)?.headers;
    expect(sent?.['x-api-key'] ?? sent?.authorization).toMatch(/^(Bearer )?sk-ant-tenant$/);
  });

  it('of another tenant do not decrypt, and the failure says so without the key', async () => {
    const stolen = encryptSecret(keyring, 'sk-tenant-openai', {
      context: tenantKeyContext('t1', 'openai'),
    });
    const error = await pool()
      .complete(HELLO, {
        group: 'fast',
        tenantId: 't2',
        tenantKeys: { keyring, secrets: { openai: stolen } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth' });
    expect(String(error)).not.toContain('sk-tenant-openai');
  });

  it('never appear in the error, even when the provider echoes them back', async () => {
    const secrets = {
      openai: encryptSecret(keyring, 'sk-tenant-echoed', {
        context: tenantKeyContext('t1', 'openai'),
      }),
    };
    openai.script({ status: 401, errorMessage: 'Incorrect API key provided: sk-tenant-echoed' });
    const error = await pool()
      .complete(HELLO, { group: 'fast', tenantId: 't1', tenantKeys: { keyring, secrets } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth' });
    const chain: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) chain.push(e.message, String(e));
    expect(chain.join('\n')).not.toContain('sk-tenant-echoed');
    expect(chain.join('\n')).toContain('Incorrect API key provided');
  });
});
