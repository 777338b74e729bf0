import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runMesh, type MeshRun } from '../helpers/cli.js';
import { expectUserError, snapshot } from '../helpers/cli-expect.js';
import { projectRoot } from '../helpers/paths.js';
import { makeProject, tsConfig } from '../helpers/project.js';

// Two targets, neither needing helm: the argument checks come before any chart work.
const config = tsConfig(
  "{ packages: { 'istio-system': mkNamespace({ name: 'istio-system' }), 'istio-base': mkNamespace({ name: 'istio-base' }) } }",
);

/** `argv` run the way a shell runs an installed `mesh`: the executable bin/mesh.js itself, through its #! line. */
function runInstalled(argv: string[], cwd: string): Promise<MeshRun> {
  const env = { PATH: `${join(process.execPath, '..')}:/usr/bin:/bin`, HOME: cwd, MESH_CACHE_DIR: join(cwd, '.cache') };
  return new Promise((resolve, reject) => {
    const child = spawn(join(projectRoot, 'bin', 'mesh.js'), argv, { cwd, env });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('mesh with bad arguments: exit 2', () => {
  test('an unknown target: did you mean the close one, and the list of targets', async () => {
    const dir = makeProject({ 'mesh.config.ts': config });
    const run = await runMesh(['render', 'istio-bsae'], { cwd: dir });
    expectUserError(run, 2, 'unknown target "istio-bsae"; did you mean "istio-base"?', 'mesh list', 'istio-system, istio-base');
  });

  test("an unknown command: commander's suggestion, in mesh's error shape", async () => {
    const dir = makeProject({});
    expectUserError(
      await runMesh(['rendr'], { cwd: dir }),
      2,
      "mesh: error: unknown command 'rendr'",
      /hint: .*Did you mean render\?/,
      'mesh --help',
    );
  });

  test('an unknown flag, global or on a command', async () => {
    const dir = makeProject({ 'mesh.config.ts': config });
    expectUserError(await runMesh(['--frobnicate', 'list'], { cwd: dir }), 2, "mesh: error: unknown option '--frobnicate'");
    expectUserError(
      await runMesh(['render', '--lockd'], { cwd: dir }),
      2,
      "mesh: error: unknown option '--lockd'",
      /Did you mean --locked\?/,
    );
  });

  test('--locked with --update, which contradict each other', async () => {
    const dir = makeProject({ 'mesh.config.ts': config });
    expectUserError(
      await runMesh(['render', '--locked', '--update'], { cwd: dir }),
      2,
      "option '--locked' cannot be used with option '--update'",
    );
  });

  test("--out naming a folder of the user's own files: refused, the files untouched", async () => {
    const dir = makeProject({ 'mesh.config.ts': config, 'docs/notes.md': '# my notes\n', 'docs/img/a.png': 'not really a png' });
    const before = snapshot(join(dir, 'docs'));
    const run = await runMesh(['render', '--out', 'docs'], { cwd: dir });
    expectUserError(run, 2, 'refusing to replace docs', 'notes.md', '--out');
    expect(snapshot(join(dir, 'docs'))).toEqual(before);
  });

  test('--out naming a file: refused, the file untouched', async () => {
    const dir = makeProject({ 'mesh.config.ts': config, 'out/out.yaml': 'mine\n' });
    const before = snapshot(join(dir, 'out'));
    const run = await runMesh(['render', '--out', 'out/out.yaml'], { cwd: dir });
    expectUserError(run, 2, 'out/out.yaml exists and is not a folder', '--out');
    expect(snapshot(join(dir, 'out'))).toEqual(before);
  });

  test('--env-file naming a file that does not exist: exit 2, names it (mesh run as `node -- bin/mesh.js`)', async () => {
    const dir = makeProject({ 'mesh.config.ts': config });
    const run = await new Promise<MeshRun>((resolve) => {
      const child = spawn(process.execPath, ['--', join(projectRoot, 'bin', 'mesh.js'), '--env-file', 'missing.env', 'render'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', MESH_CACHE_DIR: join(dir, '.cache') },
      });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    expectUserError(run, 2, '--env-file missing.env: no such file', join(realpathSync(dir), 'missing.env'));
  });

  // Node itself reads `--env-file PATH` anywhere in argv, even after the script's name
  // (nodejs/node#54232); bin/mesh.js's `#!/usr/bin/env -S node --` stops that at the script.
  test('--env-file naming a file that does not exist, mesh run as installed: exit 2 from mesh, not 9 from node', async () => {
    const dir = makeProject({ 'mesh.config.ts': config });
    mkdirSync(join(dir, '.cache'));
    writeFileSync(join(dir, 'present.env'), 'MESH_ISTIO_VERSION=1.30.3\n');
    expect((await runInstalled(['--env-file', 'present.env', 'list'], dir)).code).toBe(0);
    expectUserError(await runInstalled(['--env-file', 'missing.env', 'render'], dir), 2, '--env-file missing.env: no such file');
  });

  test('an empty --config or --istio-version, a --timeout without a unit, a misspelt stage: each named, exit 2', async () => {
    const dir = makeProject({ 'mesh.config.ts': config });
    expectUserError(
      await runMesh(['--config', '', 'list'], { cwd: dir }),
      2,
      "option '-c, --config <path>' argument '' is invalid",
      'it is empty',
    );
    expectUserError(
      await runMesh(['--istio-version', ' ', 'list'], { cwd: dir }),
      2,
      "option '--istio-version <version>' argument ' ' is invalid",
    );
    expectUserError(await runMesh(['up', '--timeout', '5', '--dry-run'], { cwd: dir }), 2, '--timeout 5: give a unit, e.g. 5s or 5m');
    expectUserError(await runMesh(['plan', 'upp'], { cwd: dir }), 2, 'unknown stage "upp"; did you mean "up"?');
  });
});
