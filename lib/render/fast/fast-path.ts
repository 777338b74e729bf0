import { readFileSync } from 'node:fs';
import { meshBuild, stampKey, stampPath, stampQuestion, statOf, type Stamp } from './stamp.js';

/**
 * The launcher's shortcut for a warm `mesh render` that would change nothing:
 * when a stamp for exactly this question exists and nothing it lists has
 * changed, prints what that run printed and says true. Anything else (no
 * stamp, a changed file or variable, another build of mesh) says false, and
 * the full CLI runs. Reads a few files and stats; loads nothing else.
 */
export function fastRender(options: {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  color: boolean;
  cacheDir: string;
  entry: string;
  write: (stdout: string, stderr: string) => void;
}): boolean {
  const question = stampQuestion(options.argv, options.cwd, options.color);
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(options.cacheDir, stampKey(question)), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.question !== question || stamp.mesh !== meshBuild(options.entry)) return false;
  if (!stamp.env.every(([name, value]) => (options.env[name] ?? null) === value)) return false;
  // A mesh variable set since is a new question (MESH_HELM, MESH_ISTIO_VERSION, ...).
  const known = new Set(stamp.env.map(([name]) => name));
  if (Object.keys(options.env).some((name) => name.startsWith('MESH_') && !known.has(name))) return false;
  for (const [path, was] of stamp.paths) {
    const now = statOf(path);
    if (now === null || was === null ? now !== was : now[0] !== was[0] || now[1] !== was[1]) return false;
  }
  options.write(stamp.stdout, stamp.stderr);
  return true;
}
