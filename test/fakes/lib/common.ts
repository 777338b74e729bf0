// Shared plumbing of the fake k3d, kubectl and docker: the state folder, a
// lock so concurrent invocations never interleave their read-modify-write,
// atomic JSON files, the call log, faults.json, and output helpers.

import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  fstatSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Faults } from '../install.js';
import type { FakeResult, Handler, Json, ParsedFlags, ToolName } from './types.js';

/** The folder all fakes keep their state in. */
export function stateDir(): string {
  const dir = process.env.MESH_FAKE_STATE;
  if (!dir) {
    process.stderr.write('fake tool: MESH_FAKE_STATE is not set (the fakes keep their state there)\n');
    process.exit(97);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the state folder's lock file. The lock holds the owner's
 * pid, so a lock left by a fake that was killed (mesh aborting its process
 * group) is broken instead of blocking every later call.
 */
export function withLock<T>(dir: string, fn: () => T): T {
  const lock = join(dir, '.lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = 0;
      let age = 0;
      try {
        // Owner and age from one open file, so both describe the same lock.
        const fd = openSync(lock, 'r');
        try {
          age = Date.now() - fstatSync(fd).mtimeMs;
          owner = Number(readFileSync(fd, 'utf8'));
        } finally {
          closeSync(fd);
        }
      } catch {
        continue;
      }
      // A dead owner alone is not enough: its lock may have just been
      // released and replaced by a live one. Locked sections take
      // milliseconds, so a lock older than a second with a dead owner is stale.
      if ((owner > 0 && !alive(owner) && age > 1000) || age > 30_000) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`fake tool: timed out waiting for ${lock} (held by pid ${owner})`);
      sleepSync(1 + Math.floor(Math.random() * 4));
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

export function readJson(file: string, fallback: Json): Json {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return fallback;
    throw new Error(`fake tool: cannot read ${file}: ${error.message}`);
  }
}

/** Writes through a temporary file and rename, so a reader never sees half a file. */
export function writeAtomic(file: string, text: string, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, mode === undefined ? {} : { mode });
  renameSync(tmp, file);
}

export function writeJson(file: string, value: unknown): void {
  writeAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** faults.json, read on every call; `{}` when absent. */
export function readFaults(dir: string): Faults {
  return readJson(join(dir, 'faults.json'), {}) ?? {};
}

/** The delay a call waits before answering: `delayMs` as a number or per tool, or the `slow` entry its argv matches. */
export function delayFor(faults: Faults, tool: ToolName, argv: string[] = []): number {
  const d = faults.delayMs;
  const line = argv.join(' ');
  const slow = (faults.slow ?? []).filter((s) => s.tool === tool && line.includes(s.match)).map((s) => s.ms);
  if (typeof d === 'number') return Math.max(d, ...slow);
  if (d && typeof d === 'object' && typeof d[tool] === 'number') return Math.max(d[tool], ...slow);
  return Math.max(0, ...slow);
}

/**
 * Appends the call to calls.log (one JSON line) and saves stdin to a numbered
 * file. Runs under the lock, so sequence numbers are unique and ordered.
 */
export function logCall(dir: string, tool: ToolName, argv: string[], stdin: string | undefined): number {
  return withLock(dir, () => {
    const seqFile = join(dir, 'seq');
    const seq = (Number(existsSync(seqFile) ? readFileSync(seqFile, 'utf8') : '0') || 0) + 1;
    writeFileSync(seqFile, String(seq));
    const entry: Json = { seq, tool, argv, pid: process.pid, at: new Date().toISOString() };
    if (stdin !== undefined) {
      const name = join('stdin', `${String(seq).padStart(6, '0')}-${tool}.txt`);
      mkdirSync(join(dir, 'stdin'), { recursive: true });
      writeFileSync(join(dir, name), stdin);
      entry.stdin = name;
    }
    appendFileSync(join(dir, 'calls.log'), `${JSON.stringify(entry)}\n`);
    return seq;
  });
}

export function logResult(dir: string, seq: number, tool: ToolName, code: number): void {
  appendFileSync(join(dir, 'results.log'), `${JSON.stringify({ seq, tool, code })}\n`);
}

/**
 * A scripted answer from faults.json for a subcommand: `{exit, stdout?, stderr?, match?, times?}`.
 * `match` is a substring the joined argv must contain; `times` limits how
 * often it fires (counted in fault-counts.json). Call under the lock.
 */
export function scriptedFault(dir: string, faults: Faults, tool: ToolName, sub: string, argv: string[]): FakeResult | undefined {
  const entry = faults?.[tool]?.[sub];
  const candidates = Array.isArray(entry) ? entry : [entry];
  for (const [index, fault] of candidates.entries()) {
    if (!fault || typeof fault !== 'object' || typeof fault.exit !== 'number') continue;
    if (typeof fault.match === 'string' && !argv.join(' ').includes(fault.match)) continue;
    if (typeof fault.unless === 'string' && argv.join(' ').includes(fault.unless)) continue;
    if (typeof fault.times === 'number') {
      const file = join(dir, 'fault-counts.json');
      const counts = readJson(file, {});
      const key = `${tool}.${sub}.${index}`;
      if ((counts[key] ?? 0) >= fault.times) continue;
      counts[key] = (counts[key] ?? 0) + 1;
      writeJson(file, counts);
    }
    return { code: fault.exit, stdout: fault.stdout ?? '', stderr: fault.stderr ?? '' };
  }
  return undefined;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The common main of every fake: log the call, wait `delayMs`, run the
 * handler under the lock, print, and exit with its code.
 * `handler(ctx)` returns `{code, stdout, stderr}`; `wantsStdin(argv)` says
 * whether the command reads its standard input (only `-f -` / `--config -`).
 */
export async function runFake(tool: ToolName, handler: Handler, wantsStdin: (argv: string[]) => boolean): Promise<void> {
  const argv = process.argv.slice(2);
  // A signal ends the call as the real tools end, but never inside a locked section.
  process.on('SIGTERM', () => process.exit(143));
  process.on('SIGINT', () => process.exit(130));
  const dir = stateDir();
  const stdin = wantsStdin(argv) ? await readStdin() : undefined;
  const seq = logCall(dir, tool, argv, stdin);
  const delay = delayFor(readFaults(dir), tool, argv);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  let result;
  try {
    result = withLock(dir, () => {
      const faults = readFaults(dir);
      return handler({ argv, stdin, dir, faults, env: process.env, tool });
    });
  } catch (error) {
    result = { code: 98, stdout: '', stderr: `fake ${tool} crashed: ${error?.stack ?? error}\n` };
  }
  logResult(dir, seq, tool, result.code);
  await write(process.stdout, result.stdout ?? '');
  await write(process.stderr, result.stderr ?? '');
  process.exitCode = result.code;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!text) return Promise.resolve();
  return new Promise<void>((resolve) => stream.write(text, () => resolve()));
}

/** Collects stdout and stderr text and an exit code, like a process. */
export class Out {
  stdout: string;
  stderr: string;
  code: number;

  constructor() {
    this.stdout = '';
    this.stderr = '';
    this.code = 0;
  }
  out(text: string): this {
    this.stdout += text;
    return this;
  }
  err(text: string): this {
    this.stderr += text;
    return this;
  }
  fail(code: number, text?: string): this {
    if (text) this.stderr += text.endsWith('\n') ? text : `${text}\n`;
    this.code = code;
    return this;
  }
  result(): FakeResult {
    return { code: this.code, stdout: this.stdout, stderr: this.stderr };
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Lowercase consonants and digits, the alphabet Kubernetes uses for generated name suffixes. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

export function safeSuffix(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE[digest[i]! % SAFE.length];
  return out;
}

/** A stable UUID v4-shaped id from a seed, so repeated reads agree. */
export function uuidFrom(seed: string): string {
  const h = sha256(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** JSON with object keys sorted at every level, as Go prints maps. */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's %q for plain strings. */
export function q(text: unknown): string {
  return JSON.stringify(String(text));
}

/** Go's time.RFC3339 in UTC, without fractions, as Kubernetes prints timestamps. */
export function rfc3339(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Parses argv with a table of flags that take a value. Returns
 * `{flags: Map<name, string[]>, args: string[]}`; `--x=v`, `--x v`, `-x v`
 * and `-xv` forms; boolean flags get 'true' (or their `=value`).
 */
export function parseFlags(argv: string[], valueFlags: ReadonlySet<string>, shortAliases: Record<string, string> = {}): ParsedFlags {
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  const add = (name: string, value: Json) => {
    const long = shortAliases[name] ?? name;
    if (!flags.has(long)) flags.set(long, []);
    flags.get(long)!.push(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) add(name, arg.slice(eq + 1));
      else if (valueFlags.has(name)) add(name, argv[++i] ?? '');
      else add(name, 'true');
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const name = arg[1]!;
      const rest = arg.slice(2);
      if (valueFlags.has(name)) {
        if (rest.startsWith('=')) add(name, rest.slice(1));
        else if (rest) add(name, rest);
        else add(name, argv[++i] ?? '');
      } else {
        // Combined boolean shorthands such as -A, or -a=true.
        if (rest.startsWith('=')) add(name, rest.slice(1));
        else for (const ch of arg.slice(1)) add(ch, 'true');
      }
    } else {
      args.push(arg);
    }
  }
  return { flags, args };
}

export function flagValue(parsed: ParsedFlags, name: string): string | undefined {
  const values = parsed.flags.get(name);
  return values === undefined ? undefined : values[values.length - 1];
}

export function flagBool(parsed: ParsedFlags, name: string, fallback = false): boolean {
  const value = flagValue(parsed, name);
  if (value === undefined) return fallback;
  return value === '' || /^(true|1|t|yes)$/i.test(value);
}
