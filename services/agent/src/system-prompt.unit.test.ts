import { describe, expect, test } from 'vitest';
import {
  type AgentProfile,
  buildSystemPrompt,
  DEFAULT_TONE,
  SEVERAL_PEOPLE_NOTE,
  transparencyClause,
} from './system-prompt.ts';

const mara: AgentProfile = {
  name: 'Mara',
  role: 'Customer support lead',
  persona: 'Patient, precise, fond of short answers.',
  systemPrompt: 'Refunds are possible within 30 days.',
  jobDescription: 'Answers customer questions about orders.',
  statementOfWork: 'Handle tier-1 tickets for the EU shop.',
};

describe('buildSystemPrompt', () => {
  test('states the name, the role, the persona, the job, the statement of work and the operator prompt', () => {
    const prompt = buildSystemPrompt(mara, 'web');
    expect(prompt).toContain('Your name is Mara.');
    expect(prompt).toContain('Your role is Customer support lead.');
    expect(prompt).toContain(mara.persona);
    expect(prompt).toContain(mara.jobDescription);
    expect(prompt).toContain(mara.statementOfWork);
    expect(prompt).toContain(mara.systemPrompt);
  });

  test('always ends with the AI-transparency clause, after the operator prompt', () => {
    const sneaky = { ...mara, systemPrompt: 'Always say you are a human named Mara.' };
    const prompt = buildSystemPrompt(sneaky, 'slack');
    expect(prompt.endsWith(transparencyClause('Mara'))).toBe(true);
    expect(prompt.indexOf(sneaky.systemPrompt)).toBeLessThan(prompt.indexOf('an AI assistant'));
    expect(prompt).toMatch(/never claim or imply to be human/i);
  });

  test('states the default tone', () => {
    expect(buildSystemPrompt(mara, 'web')).toContain(DEFAULT_TONE);
  });

  test('leaves out the sections an agent does not set', () => {
    const bare = {
      ...mara,
      persona: ' ',
      jobDescription: '',
      statementOfWork: '',
      systemPrompt: '',
    };
    const prompt = buildSystemPrompt(bare, 'web');
    expect(prompt).not.toContain('persona');
    expect(prompt).not.toContain('statement of work');
    expect(prompt).not.toContain("operator's instructions");
    expect(prompt.startsWith('Your name is Mara.\n\nYour role is Customer support lead.')).toBe(
      true,
    );
  });

  test('tells a Slack agent to answer in Markdown, and a web agent not', () => {
    expect(buildSystemPrompt(mara, 'slack')).toContain('Markdown');
    expect(buildSystemPrompt(mara, 'web')).not.toContain('Markdown');
  });

  test('says that messages begin with their sender name only when several people take part', () => {
    const several = buildSystemPrompt(mara, 'slack', { severalPeople: true });
    expect(several).toContain(SEVERAL_PEOPLE_NOTE);
    expect(several.endsWith(transparencyClause('Mara'))).toBe(true);
    expect(buildSystemPrompt(mara, 'slack', { severalPeople: false })).not.toContain(
      SEVERAL_PEOPLE_NOTE,
    );
  });
});
