import { mkdirSync, readdirSync, renameSync, writeFileSync, type Dirent } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { meshBuild, RENDER_ENV, stampKey, stampPath, stampQuestion, statOf, type Stamp } from './stamp.js';

export interface StampInputs {
  cacheDir: string;
  argv: readonly string[];
  cwd: string;
  color: boolean;
  /** The environment as mesh started, before `.env`. */
  env: NodeJS.ProcessEnv;
  /** The CLI bundle that is running. */
  entry: string;
  /** Variables the config read. */
  configEnv: readonly string[];
  /** The config's files, `.env`, mesh.lock.json: each as it is now, or absent. */
  files: readonly string[];
  /** Local charts: a folder (every file and folder in it) or a .tgz. */
  charts: readonly string[];
  /** The helm that ran, when one was looked up. */
  helm: string | undefined;
  outDir: string;
  stdout: string;
  stderr: string;
}

/**
 * Writes the stamp of a render that changed nothing, for `fastRender` to
 * answer the same question next time. A stamp that cannot be written only
 * costs the next run its shortcut.
 */
export function recordStamp(inputs: StampInputs): void {
  const names = new Set([...RENDER_ENV, ...inputs.configEnv, ...Object.keys(inputs.env).filter((n) => n.startsWith('MESH_'))]);
  const paths = new Map<string, [number, number] | null>();
  const add = (path: string) => paths.set(path, statOf(path));
  inputs.files.forEach(add);
  for (const chart of inputs.charts) walk(chart, add);
  if (inputs.helm !== undefined) {
    add(inputs.helm);
    // A helm put earlier on PATH since would be the one that runs.
    if (!inputs.env.MESH_HELM) for (const dir of pathBefore(inputs.env.PATH ?? '', dirname(inputs.helm))) add(join(dir, 'helm'));
  }
  walk(inputs.outDir, add);
  const question = stampQuestion(inputs.argv, inputs.cwd, inputs.color);
  const stamp: Stamp = {
    question,
    mesh: meshBuild(inputs.entry),
    env: [...names].sort().map((name) => [name, inputs.env[name] ?? null]),
    paths: [...paths],
    stdout: inputs.stdout,
    stderr: inputs.stderr,
  };
  const file = stampPath(inputs.cacheDir, stampKey(question));
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(stamp));
    renameSync(tmp, file);
  } catch {
    // Only a shortcut lost.
  }
}

function walk(path: string, add: (path: string) => void): void {
  add(path);
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return; // a file, or gone
  }
  for (const entry of entries) {
    if (entry.isDirectory()) walk(join(path, entry.name), add);
    else add(join(path, entry.name));
  }
}

function pathBefore(path: string, found: string): string[] {
  const dirs = path.split(delimiter).filter(Boolean);
  const at = dirs.indexOf(found);
  return at === -1 ? dirs : dirs.slice(0, at);
}
