import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { ConfigError } from './errors.js';
import { delimiter, join, resolve } from 'node:path';
import { ENV } from './model/defaults.js';
import type { Env } from './process/find-binary.js';

/**
 * mesh's cache: `MESH_CACHE_DIR`, else `$XDG_CACHE_HOME/k3d-mesh`, else
 * `~/.cache/k3d-mesh`. Everything in it can be deleted at any time.
 */
export function cacheDir(env: Env): string {
  const explicit = env[ENV.cacheDir];
  if (explicit) {
    const dir = resolve(explicit);
    // Every cache write would fail deep inside; said once, here.
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
      throw new ConfigError(`${ENV.cacheDir}=${explicit} is a file; mesh keeps its cache in a folder`, {
        hint: `point ${ENV.cacheDir} at a folder (it is created when missing), or unset it for ~/.cache/k3d-mesh`,
      });
    }
    return dir;
  }
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'k3d-mesh');
}

/** The kubeconfig k3d and kubectl write: the first file KUBECONFIG names, else ~/.kube/config. */
export function kubeconfigPath(env: Env): string {
  return (env.KUBECONFIG ?? '').split(delimiter).find(Boolean) ?? join(env.HOME || homedir(), '.kube', 'config');
}
