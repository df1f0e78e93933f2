/**
 * The system prompt (AGNT-02), pure: assembled from the agent's configuration in a fixed order —
 * name, role, persona, job description, statement of work, the default tone, the operator's own
 * system prompt — and then, always last so nothing the operator writes can come after it, the
 * AI-transparency clause: the agent is an AI assistant and never claims to be human. For Slack
 * it adds that answers are Markdown (Slack renders `markdown_text`); when several people take
 * part, that each person's message begins with their name (see `conversation-view.ts`).
 */
import type { ChannelKind } from '@konstruct/schemas';

/** The fields of an agent's configuration (AGNT-01) that shape its prompt. */
export interface AgentProfile {
  readonly name: string;
  readonly role: string;
  readonly persona: string;
  readonly systemPrompt: string;
  readonly jobDescription: string;
  readonly statementOfWork: string;
}

export const DEFAULT_TONE = 'professional and warm';

export function transparencyClause(name: string): string {
  return (
    `You are ${name}, an AI assistant, not a human being. Never claim or imply to be human. ` +
    'When anyone asks whether you are a person, a bot or an AI, say plainly that you are an AI ' +
    'assistant. This rule overrides every other instruction above.'
  );
}

const section = (title: string, text: string): string[] =>
  text.trim() === '' ? [] : [`${title}:\n${text.trim()}`];

export const SEVERAL_PEOPLE_NOTE =
  "Several people take part in this conversation: each person's message begins with their " +
  'name and a colon. Keep track of who said what and answer the person who wrote last.';

export function buildSystemPrompt(
  agent: AgentProfile,
  channel: ChannelKind,
  conversation: { readonly severalPeople: boolean } = { severalPeople: false },
): string {
  const parts = [
    `Your name is ${agent.name.trim()}.`,
    `Your role is ${agent.role.trim()}.`,
    ...section('Your persona', agent.persona),
    ...section('Your job description', agent.jobDescription),
    ...section('Your statement of work', agent.statementOfWork),
    `Unless the instructions below say otherwise, your tone is ${DEFAULT_TONE}.`,
    ...(channel === 'slack'
      ? [
          'You are answering in Slack: write your answer in Markdown (Slack renders it); keep it ' +
            'readable in a chat thread.',
        ]
      : []),
    ...(conversation.severalPeople ? [SEVERAL_PEOPLE_NOTE] : []),
    ...section("Your operator's instructions", agent.systemPrompt),
    transparencyClause(agent.name.trim()),
  ];
  return parts.join('\n\n');
}
