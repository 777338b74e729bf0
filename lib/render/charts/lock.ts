import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE } from '../../model/defaults.js';
import { ConfigError } from '../../errors.js';

/** What a chart reference resolved to when it was first rendered. */
export interface LockEntry {
  version: string;
  /** sha256 of the chart archive, as in a Helm repo index. */
  digest: string;
  /** The archive's URL, as the repository's index gave it: a cold cache fetches it without the index. */
  url?: string;
}

interface LockFile {
  lockfileVersion: 1;
  charts: Record<string, LockEntry>;
}

/**
 * `mesh.lock.json`, next to the config: each remote chart's resolved version
 * and archive digest, so every render on every machine uses the same bytes.
 */
export class Lock {
  private changed = false;

  private constructor(
    readonly path: string,
    private readonly charts: Record<string, LockEntry>,
  ) {}

  static read(dir: string): Lock {
    const path = join(dir, LOCK_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return new Lock(path, {});
    }
    try {
      const parsed = JSON.parse(text) as Partial<LockFile>;
      if (parsed.lockfileVersion !== 1 || typeof parsed.charts !== 'object' || parsed.charts === null) throw new Error('unknown format');
      return new Lock(path, { ...parsed.charts });
    } catch (error) {
      throw new ConfigError(`${LOCK_FILE}: cannot be read (${(error as Error).message})`, {
        hint: `restore it from version control, or delete it to resolve every chart again`,
      });
    }
  }

  /** `https://repo/charts/base@1.30.4`, `oci://host/charts/base@*`: what the config asked for. */
  static key(args: { chart: string; repo?: string | undefined; version?: string | undefined }): string {
    const where = args.repo ? `${args.repo.replace(/\/+$/, '')}/${args.chart}` : args.chart;
    return `${where}@${args.version ?? '*'}`;
  }

  private static onDisk(path: string): Record<string, LockEntry> {
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as LockFile).charts ?? {};
    } catch {
      return {};
    }
  }

  get(key: string): LockEntry | undefined {
    return this.charts[key];
  }

  set(key: string, entry: LockEntry): void {
    const old = this.charts[key];
    if (old && old.version === entry.version && old.digest === entry.digest && (entry.url === undefined || old.url === entry.url)) return;
    this.charts[key] = entry;
    this.changed = true;
  }

  get isChanged(): boolean {
    return this.changed;
  }

  /**
   * Writes the lock with sorted keys, atomically, only when something
   * changed. Entries another mesh process recorded meanwhile (clusters of
   * one `mesh up` render at once) are kept.
   */
  save(): boolean {
    if (!this.changed) return false;
    const merged = { ...Lock.onDisk(this.path), ...this.charts };
    const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1)));
    const body: LockFile = { lockfileVersion: 1, charts: sorted };
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(tmp, this.path);
    this.changed = false;
    return true;
  }
}
