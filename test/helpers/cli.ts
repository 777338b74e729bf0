import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { projectRoot } from './paths.js';

export interface MeshRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `mesh` binary (bin/mesh.js on the built dist/) in `cwd`, with
 * a clean environment: only PATH and HOME from the outside, no CI, the real
 * helm of the test setup, and a cache of its own unless one is passed.
 */
export function runMesh(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; onSpawn?: (pid: number) => void; tty?: boolean },
): Promise<MeshRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    MESH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'mesh-cache-')),
    MESH_HELM: inject('helmPath'),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const argv = [process.execPath, '--', join(projectRoot, 'bin', 'mesh.js'), ...args];
    // On a terminal (util-linux's `script` gives it one, sized as a usual window), stdout and stderr both arrive as stdout.
    const child = options.tty
      ? spawn('script', ['--quiet', '--return', '--command', `stty cols 120 rows 40; ${argv.map(shellQuote).join(' ')}`, '/dev/null'], {
          cwd: options.cwd,
          env,
        })
      : spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('spawn', () => options.onSpawn?.(child.pid!));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
