/**
 * slack-ingress settings: the signing secret is required and named with its fix; the port
 * defaults to 3001.
 */
import { ConfigError, loadConfig } from '@konstruct/config';
import { describe, expect, test } from 'vitest';
import { slackIngressEnvSchema, slackIngressSettings } from './config.ts';

describe('slack-ingress settings', () => {
  test('serve on port 3001 unless SLACK_PORT says otherwise', () => {
    const settings = slackIngressSettings(
      loadConfig(slackIngressEnvSchema, { SLACK_SIGNING_SECRET: 's3cret' }),
    );
    expect(settings).toMatchObject({ signingSecret: 's3cret', port: 3001 });
    const env = { SLACK_SIGNING_SECRET: 's3cret', SLACK_PORT: '8080' };
    expect(slackIngressSettings(loadConfig(slackIngressEnvSchema, env)).port).toBe(8080);
  });

  test('a missing signing secret or a bad port is named with its fix', () => {
    const missing = () => loadConfig(slackIngressEnvSchema, {});
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow(/SLACK_SIGNING_SECRET.*set SLACK_SIGNING_SECRET/s);
    const badPort = () =>
      loadConfig(slackIngressEnvSchema, { SLACK_SIGNING_SECRET: 's', SLACK_PORT: 'http' });
    expect(badPort).toThrow(/SLACK_PORT.*set SLACK_PORT/s);
  });
});
