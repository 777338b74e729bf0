import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CodeStore } from '../process/code-cache.js';
import { IN_USE, trimArea } from './cache-trim.js';

/**
 * mesh's content-addressed store under the cache directory: chart archives
 * by digest, rendered manifests and passed validations by a key that hashes
 * everything that affects them. Entries never change once written, so any
 * number of mesh processes can share it; deleting it only costs time, and
 * rendered manifests long unused are trimmed (cache-trim.ts).
 */
export class ContentCache {
  constructor(readonly dir: string) {}

  chartPath(digest: string): string {
    return join(this.dir, 'charts', `${digest}.tgz`);
  }

  /** The same archive in gzip's stored form, for helm to read without unpacking (charts/helm-archive.ts). */
  storedChartPath(digest: string): string {
    return join(this.dir, 'charts', `${digest}.stored.tgz`);
  }

  hasChart(digest: string): boolean {
    return existsSync(this.chartPath(digest));
  }

  /** Copies a downloaded archive into the store; returns its stored path. */
  putChart(source: string, digest: string): string {
    const target = this.chartPath(digest);
    if (!existsSync(target)) {
      this.atomically(target, (tmp) => copyFileSync(source, tmp));
    }
    return target;
  }

  /**
   * Finding an entry marks it used (its mtime, refreshed at most hourly), and
   * the cache's trim never removes one used within the hour, so an entry
   * seen here can still be read.
   */
  hasRender(key: string): boolean {
    const path = this.renderPath(key);
    const used = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
    if (used === undefined) return false;
    const now = Date.now();
    if (now - used > IN_USE / 2) {
      try {
        utimesSync(path, now / 1000, now / 1000);
      } catch {
        // A read-only cache still answers; it is just never trimmed.
      }
    }
    return true;
  }

  /** Removes rendered manifests long unused (see cache-trim.ts); cheap on all but one run a day. */
  trimRenders(): void {
    trimArea(join(this.dir, 'renders'));
  }

  readRender(key: string): string {
    return readFileSync(this.renderPath(key), 'utf8');
  }

  putRender(key: string, text: string): void {
    this.atomically(this.renderPath(key), (tmp) => writeFileSync(tmp, text));
  }

  private renderPath(key: string): string {
    return join(this.dir, 'renders', `${key}.yaml`);
  }

  /** A derived entry (a CRD as JSON, a compiled validator) in its own area; undefined when absent or unreadable. */
  readEntry(area: string, key: string): string | undefined;
  readEntry(area: string, key: string, binary: 'binary'): Buffer | undefined;
  readEntry(area: string, key: string, binary?: 'binary'): string | Buffer | undefined {
    try {
      return binary ? readFileSync(join(this.dir, area, key)) : readFileSync(join(this.dir, area, key), 'utf8');
    } catch {
      return undefined;
    }
  }

  putEntry(area: string, key: string, text: string | Uint8Array): void {
    this.atomically(join(this.dir, area, key), (tmp) => writeFileSync(tmp, text));
  }

  /** The warnings of a validation that passed before, or undefined when none did. */
  validatedWarnings(key: string): string[] | undefined {
    const file = join(this.dir, 'validated', key);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, 'utf8');
    return text === '' ? [] : text.split('\n');
  }

  /** Remembers a passed validation and its warnings, so a warm run repeats them without checking again. */
  markValidated(key: string, warnings: readonly string[] = []): void {
    this.atomically(join(this.dir, 'validated', key), (tmp) => writeFileSync(tmp, warnings.join('\n')));
  }

  // A reader sees a whole entry or none: write beside it, then rename over.
  private atomically(target: string, write: (tmp: string) => void): void {
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(dirname(target), { recursive: true });
      write(tmp);
      renameSync(tmp, target);
    } catch {
      // An unwritable cache makes the next run slower, never wrong.
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Nothing was written there either.
      }
    }
  }
}

/** An area of the cache as a store of V8's compiled code. */
export function codeStore(cache: ContentCache, area: string): CodeStore {
  return { read: (name) => cache.readEntry(area, name, 'binary'), write: (name, data) => cache.putEntry(area, name, data) };
}
