import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectUserError } from '../helpers/cli-expect.js';
import { makeProject, tsConfig } from '../helpers/project.js';

// Inputs that used to end in an internal error with a stack trace: each now a config problem, exit 2.
describe('bad input that is not a config field: named, exit 2, no stack trace', () => {
  test('a package.json that is not JSON, beside the config', async () => {
    const dir = makeProject({ 'mesh.config.yaml': 'packages: {}\n', 'package.json': '{"name": "x"\n' });
    expectUserError(await runMesh(['list'], { cwd: dir }), 2, 'package.json is not valid JSON', 'npm cannot read it either');
  });

  test('a YAML config whose aliases expand without bound', async () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) {
      const [p, c] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(', ')}]`);
    }
    const dir = makeProject({ 'mesh.config.yaml': `${lines.join('\n')}\npackages: {}\n` });
    expectUserError(await runMesh(['list'], { cwd: dir }), 2, 'mesh.config.yaml: its aliases (*name) expand to more than mesh reads');
  });

  test('chart values YAML cannot write: a BigInt, a value that refers back to itself, a function', async () => {
    const dir = makeProject({
      'mesh.config.ts': `const loop: any = { a: 1 };\nloop.self = loop;\n${tsConfig(
        "{ packages: { one: mkIstiod({ values: { pilot: { replicaCount: 2n as any } } }), two: mkIstiod({ name: 'two', values: { pilot: loop } }), three: mkHelmChart({ name: 'x', chart: './x', values: { f: (() => 1) as any } }) } }",
      )}`,
    });
    const run = await runMesh(['render'], { cwd: dir });
    expectUserError(
      run,
      2,
      'packages.one.values.pilot.replicaCount: a BigInt (2n), which JSON and YAML cannot write; give a number or a string',
      'packages.two.values.pilot.self: refers back to packages.two.values.pilot, which YAML cannot write; give a copy instead',
      'packages.three.values.f: a function; give the value it computes',
    );
  });

  test('MESH_CACHE_DIR naming a file', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig('{ packages: {} }') });
    const run = await runMesh(['list'], { cwd: dir, env: { MESH_CACHE_DIR: join(dir, 'package.json') } });
    expectUserError(run, 2, `MESH_CACHE_DIR=${join(dir, 'package.json')} is a file; mesh keeps its cache in a folder`);
    expect(run.stdout).toBe('');
  });

  test('a credential from .env that an error would quote is masked, wherever mesh prints it', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig(
        '{ packages: { istiod: mkIstiod({ values: { pilot: { replicaCount: process.env.DB_PASSWORD as never } } }) } }',
      ),
      '.env': 'DB_PASSWORD=hunter2-very-secret\n',
    });
    const run = await runMesh(['list'], { cwd: dir });
    expectUserError(run, 2, 'packages.istiod.values.pilot.replicaCount', '******');
    expect(run.stderr).not.toContain('hunter2-very-secret');
  });
});
