/**
 * Reads a Slack Web API request as Slack does: the method from the path (`/api/<method>`), the
 * arguments from a form-urlencoded body (what @slack/web-api sends; objects and arrays arrive as
 * JSON strings and are decoded here) or a JSON body, and the token from `Authorization: Bearer`
 * or, failing that, the `token` argument.
 */
import type { IncomingMessage } from 'node:http';

export interface SlackRequest {
  readonly method: string;
  readonly token: string | undefined;
  readonly args: Record<string, unknown>;
}

/** Form values that hold JSON (`chunks`, `blocks`, `metadata`, …) are decoded; others stay text. */
function decodeFormValue(value: string): unknown {
  const first = value.trimStart()[0];
  if (first !== '[' && first !== '{') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function parseBody(contentType: string, raw: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) {
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = decodeFormValue(value);
  return args;
}

export async function readSlackRequest(req: IncomingMessage): Promise<SlackRequest> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  const args = parseBody(req.headers['content-type'] ?? '', raw);
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  const path = new URL(req.url ?? '/', 'http://loopback').pathname;
  const method = path.replace(/^\/api\//, '').replace(/^\//, '');
  return { method, token, args };
}
