import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

export interface TrimRules {
  /** An entry not used for this long is removed. */
  unusedFor: number;
  /** Beyond this many bytes, the least recently used entries go first. */
  budget: number;
  /** How often a trim looks at all: at most once per this long. */
  every: number;
}

export const RENDERS_TRIM: TrimRules = { unusedFor: 5 * DAY, budget: 1024 ** 3, every: DAY };

/** An entry used within this long is never removed: a run that saw it may still read it. */
export const IN_USE = HOUR;

const MARKER = '.trimmed';

/**
 * Keeps a cache area from growing without end, as Go's build cache does:
 * every render after an edit adds a manifest (5 MB for
 * kube-prometheus-stack), and most are never asked for again. At most once
 * a day, entries not used for five days are removed, then, while the rest
 * is over 1 GiB, the least recently used. "Used" is the mtime, which the
 * cache refreshes when it finds an entry (see ContentCache.hasRender).
 * Returns the names removed.
 */
export function trimArea(dir: string, rules: TrimRules = RENDERS_TRIM, now = Date.now()): string[] {
  const marker = join(dir, MARKER);
  const last = statSync(marker, { throwIfNoEntry: false })?.mtimeMs;
  if (last !== undefined && now - last < rules.every) return [];
  let entries: Array<{ name: string; size: number; used: number }>;
  try {
    entries = readdirSync(dir)
      .filter((name) => name !== MARKER && !name.endsWith('.tmp'))
      .flatMap((name) => {
        const stat = statSync(join(dir, name), { throwIfNoEntry: false });
        return stat?.isFile() ? [{ name, size: stat.size, used: stat.mtimeMs }] : [];
      });
    writeFileSync(marker, '');
  } catch {
    return []; // no such area yet, or not ours to write
  }
  entries.sort((a, b) => b.used - a.used);
  const removed: string[] = [];
  let kept = 0;
  let full = false;
  for (const entry of entries) {
    full ||= kept + entry.size > rules.budget;
    if (now - entry.used < IN_USE || (now - entry.used < rules.unusedFor && !full)) {
      kept += entry.size;
      continue;
    }
    rmSync(join(dir, entry.name), { force: true });
    removed.push(entry.name);
  }
  return removed;
}
