import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { GitopsConfig } from '../../modules/gitops-schema.js';

export type ExportFormat = 'kustomize' | 'argocd' | 'flux';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['kustomize', 'argocd', 'flux'];

/** Where the engine finds the exported folder: the config's `gitops`, with defaults. */
export interface ExportSource {
  repo?: string;
  revision: string;
  /** The output folder inside the repository, `/`-separated, no leading `./`; empty for its root. */
  path: string;
  gitops: GitopsConfig;
}

/**
 * `gitops.path`, else the output folder relative to the Git checkout it is
 * in (found by its `.git`), else relative to the config's folder.
 */
export function exportSource(gitops: GitopsConfig, outDir: string, configDir: string): ExportSource {
  const path =
    gitops.path ??
    relative(gitRoot(outDir) ?? configDir, outDir)
      .split(sep)
      .join('/');
  return {
    ...(gitops.repo === undefined ? {} : { repo: gitops.repo }),
    revision: gitops.revision ?? 'HEAD',
    path: path
      .replace(/^\.\/+/, '')
      .replace(/\/+$/, '')
      .replace(/^\.$/, ''),
    gitops,
  };
}

/** A path inside the exported folder, as the engine names it from the repository's root. */
export function inRepo(source: ExportSource, dir: string): string {
  return source.path === '' ? dir : `${source.path}/${dir}`;
}

function gitRoot(from: string): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
