import { buildSync } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TOOLS = ['k3d', 'kubectl', 'docker'] as const;
export const fakesDist = join(here, 'dist');
const STAMP = join(fakesDist, '.build-stamp');

/**
 * Bundles the fakes (TypeScript in lib/ and entries/) into dist/, where the
 * executables in bin/ load them: each call of a fake is a new Node process,
 * so it must start from plain JavaScript. Skipped when dist/ is newer than
 * every source; built into a sibling folder and renamed into place, so a
 * concurrent test never sees half a build.
 */
export function buildFakes(): void {
  const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs;
  if (built !== undefined && ['lib', 'entries'].every((folder) => newest(join(here, folder)) <= built)) return;
  const temp = `${fakesDist}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  buildSync({
    entryPoints: TOOLS.map((tool) => join(here, 'entries', `${tool}.ts`)),
    outdir: temp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  writeFileSync(join(temp, '.build-stamp'), new Date().toISOString());
  mkdirSync(dirname(fakesDist), { recursive: true });
  rmSync(fakesDist, { recursive: true, force: true });
  try {
    renameSync(temp, fakesDist);
  } catch {
    // Another process put its build in place first; it is as good as ours.
    rmSync(temp, { recursive: true, force: true });
  }
}

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}
