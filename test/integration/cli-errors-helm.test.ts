import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectUserError, istioEnv } from '../helpers/cli-expect.js';
import { makeProject, tsConfig } from '../helpers/project.js';

const withChart = tsConfig("{ packages: { 'istio-base': mkIstioBase() } }");

/** An environment with no helm anywhere: no MESH_HELM, a PATH of an empty folder, no bundled helm. */
function noHelm(): Record<string, string | undefined> {
  return { ...istioEnv(), MESH_HELM: undefined, PATH: mkdtempSync(join(tmpdir(), 'mesh-empty-path-')), MESH_BUNDLED_TOOLS: '0' };
}

/** An executable script standing in for helm, answering `helm version` with `version`. */
function fakeHelm(version: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mesh-fake-helm-')), 'helm');
  writeFileSync(file, `#!/bin/sh\n[ "$1" = version ] && echo '${version}' && exit 0\necho "fake helm: $*" >&2\nexit 1\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('mesh render without a usable helm', () => {
  test('helm nowhere (MESH_HELM unset, not on PATH, MESH_BUNDLED_TOOLS=0): exit 1, says it is not installed and how to install it', async () => {
    const dir = makeProject({ 'mesh.config.ts': withChart });
    const run = await runMesh(['render'], { cwd: dir, env: noHelm() });
    expectUserError(run, 1, 'helm is not installed', /hint: install helm .*https:\/\/helm\.sh/, 'MESH_HELM');
    expect(existsSync(join(dir, 'result'))).toBe(false);
  });

  test('MESH_HELM naming a file that does not exist: exit 2, names the variable and its value', async () => {
    const dir = makeProject({ 'mesh.config.ts': withChart });
    const run = await runMesh(['render'], { cwd: dir, env: { ...istioEnv(), MESH_HELM: '/nonexistent' } });
    expectUserError(
      run,
      2,
      'MESH_HELM is set to "/nonexistent", which is not an executable file',
      /hint: point MESH_HELM at the helm binary/,
    );
  });

  test('MESH_HELM naming something that is not helm: exit 1, cannot read its version', async () => {
    const helm = fakeHelm('this is not helm');
    const dir = makeProject({ 'mesh.config.ts': withChart });
    const run = await runMesh(['render'], { cwd: dir, env: { ...istioEnv(), MESH_HELM: helm } });
    expectUserError(run, 1, `could not read the version of helm at ${helm}`, 'Helm 3.8 or newer');
  });

  test('a helm older than 3.8: exit 1, says it is too old and to upgrade', async () => {
    const helm = fakeHelm('v3.7.2');
    const dir = makeProject({ 'mesh.config.ts': withChart });
    const run = await runMesh(['render'], { cwd: dir, env: { ...istioEnv(), MESH_HELM: helm } });
    expectUserError(run, 1, `helm v3.7.2 at ${helm} is too old`, 'upgrade helm');
  });

  test('a config of plain objects renders without any helm: exit 0', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig("{ packages: { apps: mkNamespace({ name: 'apps' }) } }") });
    const run = await runMesh(['render'], { cwd: dir, env: noHelm() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'result', 'apps', 'manifest.yaml'))).toBe(true);
  });

  test('`mesh list` needs no helm either', async () => {
    const dir = makeProject({ 'mesh.config.ts': withChart });
    const run = await runMesh(['list'], { cwd: dir, env: noHelm() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
