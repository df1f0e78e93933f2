/**
 * Reads a password without it ever being a command-line argument: from standard input when it
 * is piped (`printf '%s' "$PW" | konstruct user create-admin …`), else from a prompt that does
 * not echo, asked twice.
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { CliError } from './cli-output.ts';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  try {
    return await rl.question('');
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readAll(process.stdin);
  const first = await prompt('Password: ');
  const second = await prompt('Repeat password: ');
  if (first !== second)
    throw new CliError('PasswordMismatch', 'the two passwords differ; nothing was saved');
  return first;
}
