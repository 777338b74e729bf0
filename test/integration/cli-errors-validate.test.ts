import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectUserError, istioEnv, snapshot } from '../helpers/cli-expect.js';
import { makeProject, tsConfig } from '../helpers/project.js';

/** A raw ServiceEntry object in packages, with its port number given as a string. */
const badServiceEntry = `{
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { hosts: ['orders-db.example.com'], resolution: 'DNS', ports: [{ number: '3306' as never, name: 'tcp-mysql', protocol: 'TCP' }] },
}`;

describe('mesh render of objects the Istio CRDs reject', () => {
  test('a ServiceEntry port number given as a string: exit 1 naming target, object and field; nothing written', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig(`{ packages: { 'istio-base': mkIstioBase(), db: ${badServiceEntry} } }`) });
    const run = await runMesh(['render'], { cwd: dir, env: istioEnv() });
    expectUserError(
      run,
      1,
      'rendered objects are not valid',
      /^ {2}db: ServiceEntry\/orders-db: spec\.ports\[0\]\.number: expected integer, found string "3306"$/m,
      '--no-validate',
    );
    expect(existsSync(join(dir, 'result'))).toBe(false);
  });

  test('--no-validate lets it through: exit 0, the object written as given', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig(`{ packages: { 'istio-base': mkIstioBase(), db: ${badServiceEntry} } }`) });
    const run = await runMesh(['render', '--no-validate'], { cwd: dir, env: istioEnv() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'result', 'db', 'manifest.yaml'), 'utf8')).toContain('number: "3306"');
  });

  test("rendering the ServiceEntry alone still validates it against the base chart's CRDs", async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig(`{ packages: { 'istio-base': mkIstioBase(), db: ${badServiceEntry} } }`) });
    expectUserError(await runMesh(['render', 'db'], { cwd: dir, env: istioEnv() }), 1, 'db: ServiceEntry/orders-db: spec.ports[0].number');
  });
});

describe('a failed render leaves what was there', () => {
  const config = (version: string) =>
    tsConfig(
      `{ istio: { version: '${version}', repo: '${inject('istioRepoUrl')}' }, packages: { ns: mkNamespace({ name: 'apps' }), 'istio-base': mkIstioBase() } }`,
    );

  test('a chart version that cannot be fetched: exit 1, result/ and mesh.lock.json byte-identical', async () => {
    const dir = makeProject({ 'mesh.config.ts': config('1.30.3') });
    const first = await runMesh(['render'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const result = snapshot(join(dir, 'result'));
    const lock = readFileSync(join(dir, 'mesh.lock.json'));

    writeFileSync(join(dir, 'mesh.config.ts'), config('1.30.99'));
    expectUserError(await runMesh(['render'], { cwd: dir }), 1, 'istio-base: chart "base" has no version "1.30.99"');
    expect(snapshot(join(dir, 'result'))).toEqual(result);
    expect(readFileSync(join(dir, 'mesh.lock.json')).equals(lock)).toBe(true);
  });

  test('objects that fail validation: exit 1, result/ byte-identical', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig(`{ packages: { 'istio-base': mkIstioBase() } }`) });
    expect((await runMesh(['render'], { cwd: dir, env: istioEnv() })).code).toBe(0);
    const result = snapshot(join(dir, 'result'));

    writeFileSync(join(dir, 'mesh.config.ts'), tsConfig(`{ packages: { 'istio-base': mkIstioBase(), db: ${badServiceEntry} } }`));
    expectUserError(await runMesh(['render'], { cwd: dir, env: istioEnv() }), 1, 'spec.ports[0].number');
    expect(snapshot(join(dir, 'result'))).toEqual(result);
  });
});
