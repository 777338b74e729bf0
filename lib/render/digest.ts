import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// A render hashes the same large texts (a chart's CRDs, a manifest written
// twice) at several steps; hashing each once saves milliseconds per megabyte.
// V8 keys a long string by its length and compares contents only on a match.
// The memo holds on to the texts it keys, so it keeps no more than this many characters.
const LARGE = 64 * 1024;
const MEMO_CHARS = 64 * 1024 * 1024;
const memo = new Map<string, string>();
let memoChars = 0;

export function sha256(data: string | Buffer): string {
  if (typeof data !== 'string' || data.length < LARGE) return createHash('sha256').update(data).digest('hex');
  let digest = memo.get(data);
  if (digest === undefined) {
    digest = createHash('sha256').update(data).digest('hex');
    for (const oldest of memo.keys()) {
      if (memoChars + data.length <= MEMO_CHARS) break;
      memo.delete(oldest);
      memoChars -= oldest.length;
    }
    memo.set(data, digest);
    memoChars += data.length;
  }
  return digest;
}

/** sha256 of a file's bytes: the same digest a Helm repo index gives a chart archive. */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A digest of a chart directory: every file's path and bytes, in sorted
 * order, so it changes exactly when what Helm would read changes.
 */
export function treeDigest(root: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(root)) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** JSON with object keys sorted at every level, for hashing values that came from anywhere. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
