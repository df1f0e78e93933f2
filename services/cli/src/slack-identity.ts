/**
 * Asks Slack who a bot token belongs to (`auth.test`), for `connection add-slack` without
 * `--bot-user-id`. The Web API base URL is `SLACK_API_URL` (default Slack's own), so tests and
 * air-gapped installs point it elsewhere.
 */
import { WebClient } from '@slack/web-api';
import { CliError } from './cli-output.ts';

export interface SlackBotIdentity {
  readonly teamId: string;
  readonly teamName: string | undefined;
  readonly botUserId: string;
}

export async function identifySlackBot(token: string, apiUrl: string): Promise<SlackBotIdentity> {
  const client = new WebClient(token, {
    slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    retryConfig: { retries: 2 },
    timeout: 10_000,
  });
  try {
    const answer = await client.auth.test();
    if (answer.user_id === undefined || answer.team_id === undefined) {
      throw new Error('auth.test returned no user_id or team_id');
    }
    return { teamId: answer.team_id, teamName: answer.team, botUserId: answer.user_id };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(
      'SlackAuthFailed',
      `Slack did not accept the bot token (auth.test: ${reason}); check the token, or pass --bot-user-id`,
      { cause: error },
    );
  }
}
