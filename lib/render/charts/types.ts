import type { HelmAdapter } from '../../tools/helm/adapter.js';
import type { ContentCache } from '../cache.js';
import type { Lock } from './lock.js';
import type { RepoFetcher } from './repo-fetch.js';

/**
 * How the lock is used: `write` records new and changed charts; `verify`
 * (CI) refuses an archive whose digest differs from the lock; `frozen`
 * (`--locked`) also refuses a chart the lock does not have.
 */
export type LockMode = 'write' | 'verify' | 'frozen';

export interface ResolvedChart {
  /** A local chart directory or archive for `helm template`. */
  path: string;
  digest: string;
  version: string | undefined;
  /** True when it had to be downloaded, by mesh or by `helm pull`. */
  pulled: boolean;
}

export interface SourceDeps {
  lock: Lock;
  cache: ContentCache;
  helm: () => Promise<HelmAdapter>;
  mode: LockMode;
  /** Re-resolve versions instead of taking them from the lock (`--update`). */
  update: boolean;
  warn: (message: string) => void;
  /** Downloads exact versions from http(s) repos without helm; shared by all targets of a render. */
  fetcher?: RepoFetcher;
  signal?: AbortSignal;
}

