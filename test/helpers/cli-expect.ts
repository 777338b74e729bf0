import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import type { MeshRun } from './cli.js';

/** The Istio charts of the test setup: 1.30.3 from the repository served on 127.0.0.1. */
export const istioEnv = () => ({ MESH_ISTIO_REPO: inject('istioRepoUrl'), MESH_ISTIO_VERSION: '1.30.3' });

/** A stack trace line, as Node prints them: four spaces, `at `. */
const STACK_LINE = /^ {4}at /m;

/**
 * A user error as the CLI contract has it: the exit code, `mesh: error:` with
 * every one of `parts` in the message, a `  hint:` saying what to do, and no
 * stack trace. Every assertion carries stderr, so a failure shows what mesh said.
 */
export function expectUserError(run: MeshRun, code: number, ...parts: Array<string | RegExp>): void {
  const said = `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`;
  expect(run.stderr, said).not.toMatch(STACK_LINE);
  expect(run.stderr, said).not.toContain('internal error');
  expect(run.stderr, said).toMatch(/^mesh: error: \S/m);
  expect(run.stderr, said).toMatch(/^ {2}hint: \S/m);
  for (const part of parts) {
    if (typeof part === 'string') expect(run.stderr, said).toContain(part);
    else expect(run.stderr, said).toMatch(part);
  }
  expect(run.code, said).toBe(code);
}

/** Every file under `dir` with its bytes and mode, to prove a folder was left exactly as it was. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else {
        const full = join(dir, path);
        const { mode, mtimeMs } = statSync(full);
        out[path] = `${(mode & 0o777).toString(8)} ${mtimeMs} ${readFileSync(full).toString('base64')}`;
      }
    }
  };
  walk('');
  return out;
}
