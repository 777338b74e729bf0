import type { Env } from '../process/find-binary.js';
import type { HelmAdapter } from '../tools/helm/adapter.js';
import type { LockMode } from './charts/source.js';
import type { RenderedTarget } from './render-target.js';
import type { ExportFormat } from './gitops/source.js';

/** What a render is asked to do. */
export interface RenderOptions {
  /** Target names; empty renders everything. */
  select: readonly string[];
  outDir: string;
  /** The output folder as the user wrote it, for messages. */
  shownOut: string;
  validate: boolean;
  lockMode: LockMode;
  update: boolean;
  /** `result` (default): result/'s layout; otherwise a folder a GitOps engine syncs (see gitops/). */
  format?: 'result' | ExportFormat;
  signal?: AbortSignal;
}

/** What a render needs from outside: helm, the cache, somewhere to warn. */
export interface RenderDeps {
  helm: () => Promise<HelmAdapter>;
  cacheDir: string;
  /** mesh's environment: with a proxy set, chart downloads are left to helm. Default: process.env. */
  env?: Env;
  warn: (message: string) => void;
  /** Called as each target finishes, for progress output. */
  onTarget?: (rendered: RenderedTarget) => void;
}
