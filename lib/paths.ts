import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENV } from './model/defaults.js';
import type { Env } from './process/find-binary.js';

/**
 * mesh's cache: `MESH_CACHE_DIR`, else `$XDG_CACHE_HOME/k3d-mesh`, else
 * `~/.cache/k3d-mesh`. Everything in it can be deleted at any time.
 */
export function cacheDir(env: Env): string {
  const explicit = env[ENV.cacheDir];
  if (explicit) return resolve(explicit);
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'k3d-mesh');
}
