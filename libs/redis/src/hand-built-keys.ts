/**
 * Finds Redis keys built by hand, so the key builder stays the only place keys are spelled.
 * Pure: it reads source text, given with repo-relative paths, and reports file, line and rule:
 * - `ioredis-import`: a module outside libs/redis imports `ioredis` (it must use this package);
 * - `literal-key`: a Redis command's key argument contains a string or template literal at its
 *   top level (`get('k')`, `del(\`x:${id}\`)`, `set(prefix + ':x')`; a builder call such as
 *   `get(keys.tenantKey(t, 'kind'))` is fine). Commands are checked anywhere the receiver's
 *   name contains `redis`, and on any receiver in modules that import `ioredis` or
 *   `@konstruct/redis`, except names the module binds to a `new Map/Set/Headers/…` and the
 *   usual `headers` and `searchParams`;
 * - `literal-key-prefix`: a `keyPrefix:` option is given a literal.
 * The key argument is the first, every argument for multi-key commands, the keys after
 * `numkeys` for EVAL-style commands, and the `MATCH` pattern for SCAN.
 */
import { maskSource } from './source-mask.ts';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export type RedisKeyRule = 'ioredis-import' | 'literal-key' | 'literal-key-prefix';

export interface RedisKeyFinding {
  readonly path: string;
  readonly line: number;
  readonly rule: RedisKeyRule;
  readonly source: string;
}

const SINGLE_KEY = `get set setnx setex psetex getset getdel getex append strlen incr incrby
  incrbyfloat decr decrby expire pexpire expireat pexpireat persist ttl pttl type rename
  hget hset hsetnx hdel hgetall hincrby hincrbyfloat hmget hmset hexists hkeys hvals hlen hscan
  sadd srem smembers sismember smismember scard spop srandmember sscan
  zadd zrem zrange zrangebyscore zrevrange zrevrangebyscore zscore zincrby zcard zcount
  zremrangebyscore zremrangebyrank zrank zscan lpush rpush lpop rpop lrange llen ltrim lrem
  lindex lset xadd xrange xrevrange xlen xtrim pfadd pfcount`.split(/\s+/);
const MULTI_KEY = ['del', 'unlink', 'exists', 'mget', 'touch', 'watch'];
const PAIRS = ['mset', 'msetnx'];
const SCRIPT = ['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro'];
const COMMANDS = [...SINGLE_KEY, ...MULTI_KEY, ...PAIRS, ...SCRIPT, 'scan'];

const COMMAND_CALL = new RegExp(`\\??\\.\\s*(${COMMANDS.join('|')})\\s*\\(`, 'g');
const IOREDIS_IMPORT = /\b(?:from|import|require)\s*\(?\s*(['"])ioredis(?:\/[^'"]*)?\1/g;
const REDIS_MODULE_IMPORT =
  /\b(?:from|import|require)\s*\(?\s*(['"])(?:ioredis|@konstruct\/redis)\1/;
const KEY_PREFIX = /\bkeyPrefix\s*:/g;
const INSIDE_LIBS_REDIS = /(?:^|\/)libs\/redis\//;

export function findHandBuiltRedisKeys(files: readonly SourceFile[]): RedisKeyFinding[] {
  return files.flatMap((file) => findInFile(file));
}

function findInFile(file: SourceFile): RedisKeyFinding[] {
  const path = file.path.replaceAll('\\', '/');
  const { code, skeleton } = maskSource(file.text);
  const finding = (rule: RedisKeyRule, offset: number): RedisKeyFinding => {
    const line = code.slice(0, offset).split('\n').length;
    const source = (file.text.split('\n')[line - 1] ?? '').trim().slice(0, 160);
    return { path, line, rule, source };
  };
  const findings: RedisKeyFinding[] = [];
  if (!INSIDE_LIBS_REDIS.test(path)) {
    for (const match of code.matchAll(IOREDIS_IMPORT)) {
      findings.push(finding('ioredis-import', match.index));
    }
  }
  const redisModule = REDIS_MODULE_IMPORT.test(code);
  const notRedis = notRedisNames(skeleton);
  for (const match of skeleton.matchAll(COMMAND_CALL)) {
    const command = match[1] ?? '';
    const open = match.index + match[0].length - 1;
    const receiver = receiverBefore(skeleton, match.index);
    const checked =
      /redis/i.test(receiver) || (redisModule && !notRedis.has(lastName(receiver) ?? ''));
    if (checked && keyArguments(command, argumentsOf(skeleton, code, open)).some(hasLiteral)) {
      findings.push(finding('literal-key', match.index));
    }
  }
  for (const match of skeleton.matchAll(KEY_PREFIX)) {
    if (hasLiteral(expressionAt(skeleton, match.index + match[0].length))) {
      findings.push(finding('literal-key-prefix', match.index));
    }
  }
  return findings;
}

/** Objects with `get`/`set`/`del`-like methods that are not Redis: maps, headers, query strings. */
const NOT_REDIS_TYPES = 'Map|Set|WeakMap|WeakSet|URLSearchParams|Headers|FormData';
const NOT_REDIS_DECLARATION = new RegExp(
  `([\\w$]+)\\s*(?::[^=;]+)?=\\s*new\\s+(?:${NOT_REDIS_TYPES})\\b`,
  'g',
);

/** Names this module binds to a Map, Set, Headers… plus the usual `headers` and `searchParams`. */
function notRedisNames(skeleton: string): Set<string> {
  const names = new Set(['headers', 'searchParams']);
  for (const match of skeleton.matchAll(NOT_REDIS_DECLARATION)) names.add(match[1] ?? '');
  return names;
}

/** The last identifier of a receiver (`this.seen` → `seen`); none when it ends in a call. */
function lastName(receiver: string): string | undefined {
  return /([\w$]+)\s*[!?]?\s*$/.exec(receiver)?.[1];
}

interface Argument {
  /** The argument in the skeleton view (literal contents blanked). */
  readonly shape: string;
  /** The argument as written (comments blanked). */
  readonly text: string;
}

/** The arguments of the call whose `(` is at `open`, split at top-level commas. */
function argumentsOf(skeleton: string, code: string, open: number): Argument[] {
  const args: Argument[] = [];
  let depth = 0;
  let start = open + 1;
  for (let index = open + 1; index < skeleton.length; index += 1) {
    const char = skeleton.charAt(index);
    if ('([{'.includes(char)) depth += 1;
    else if (depth > 0 && ')]}'.includes(char)) depth -= 1;
    else if (depth === 0 && (char === ',' || char === ')')) {
      const shape = skeleton.slice(start, index);
      if (shape.trim() !== '') args.push({ shape, text: code.slice(start, index).trim() });
      if (char === ')') break;
      start = index + 1;
    }
  }
  return args;
}

/** Which arguments of `command` name keys. */
function keyArguments(command: string, args: readonly Argument[]): Argument[] {
  if (MULTI_KEY.includes(command)) return [...args];
  if (PAIRS.includes(command)) return args.filter((_, index) => index % 2 === 0);
  if (SCRIPT.includes(command)) {
    const count = Number(args[1]?.text);
    return Number.isInteger(count) ? args.slice(2, 2 + count) : [];
  }
  if (command === 'scan') {
    const match = args.findIndex((arg) => /^(['"`])match\1$/i.test(arg.text));
    const pattern = match === -1 ? undefined : args[match + 1];
    return pattern === undefined ? [] : [pattern];
  }
  return args.slice(0, 1);
}

/** A string or template literal outside any nested call, array or object. */
function hasLiteral(arg: Pick<Argument, 'shape'>): boolean {
  let depth = 0;
  for (const char of arg.shape) {
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    else if (depth === 0 && `'"\``.includes(char)) return true;
  }
  return false;
}

/** The expression starting at `start`, up to a top-level `,` `;` or closing bracket. */
function expressionAt(skeleton: string, start: number): Pick<Argument, 'shape'> {
  let depth = 0;
  for (let index = start; index < skeleton.length; index += 1) {
    const char = skeleton.charAt(index);
    if ('([{'.includes(char)) depth += 1;
    else if (depth === 0 && ',;)]}'.includes(char)) return { shape: skeleton.slice(start, index) };
    else if (')]}'.includes(char)) depth -= 1;
  }
  return { shape: skeleton.slice(start) };
}

/**
 * The receiver of the member call whose `.` is at `dot`, read backwards segment by segment
 * (`deps.redis`, `this.redis.multi()`, `(await connect())`), stopping at anything else.
 */
function receiverBefore(skeleton: string, dot: number): string {
  const at = (index: number) => skeleton.charAt(index);
  const skipSpace = (index: number) => {
    let current = index;
    while (current >= 0 && /\s/.test(at(current))) current -= 1;
    return current;
  };
  let start = dot;
  let index = dot - 1;
  for (;;) {
    let current = skipSpace(index);
    if (at(current) === '!') current -= 1;
    const segmentEnd = current;
    while (at(current) === ')' || at(current) === ']')
      current = openingBracket(skeleton, current) - 1;
    while (current >= 0 && /[\w$]/.test(at(current))) current -= 1;
    if (current === segmentEnd) break;
    start = current + 1;
    const before = skipSpace(current);
    if (at(before) !== '.') break;
    index = at(before - 1) === '?' ? before - 2 : before - 1;
  }
  return skeleton.slice(start, dot);
}

function openingBracket(skeleton: string, close: number): number {
  let depth = 0;
  for (let index = close; index >= 0; index -= 1) {
    const char = skeleton.charAt(index);
    if (char === ')' || char === ']') depth += 1;
    if (char === '(' || char === '[') depth -= 1;
    if (depth === 0) return index;
  }
  return 0;
}
