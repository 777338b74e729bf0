import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { snapshot } from '../helpers/cli-expect.js';
import { makeProject, tsConfig } from '../helpers/project.js';
import { isAlive, until } from '../helpers/processes.js';

/**
 * A helm that answers `version` with v4.1.4 and, while `<dir>/hang` exists,
 * answers `template` by writing its pid, starting a child `sleep 30` (pid
 * written too) and waiting on it; without `hang` it prints one ConfigMap.
 */
function fakeHelmProject(): { dir: string; helm: string } {
  const dir = makeProject({
    'mesh.config.ts': tsConfig("{ packages: { app: mkHelmChart({ name: 'app', chart: './charts/app' }) } }"),
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  });
  const helm = join(dir, 'fake-helm');
  const script = `#!/bin/sh
case "$1" in
  version) echo v4.1.4 ;;
  template)
    if [ -e '${dir}/hang' ]; then
      echo $$ > '${dir}/helm.pid.tmp' && mv '${dir}/helm.pid.tmp' '${dir}/helm.pid'
      sleep 30 &
      echo $! > '${dir}/sleep.pid.tmp' && mv '${dir}/sleep.pid.tmp' '${dir}/sleep.pid'
      wait $!
    else
      cat > /dev/null
      printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: app\\n'
    fi ;;
  *) echo "fake helm: unexpected $*" >&2; exit 1 ;;
esac
`;
  writeFileSync(helm, script);
  chmodSync(helm, 0o755);
  return { dir, helm };
}

const started: number[] = [];
afterEach(() => {
  // Only the fake helm and its sleep, by pid, if a failing test left them running.
  for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

/** Starts `mesh render`, waits for the fake helm to hang, sends `signal` to mesh, and reports what happened. */
async function interruptRender(dir: string, helm: string, signal: 'SIGINT' | 'SIGTERM') {
  let meshPid = 0;
  const running = runMesh(['render'], { cwd: dir, env: { MESH_HELM: helm }, onSpawn: (pid) => (meshPid = pid) });
  const hung = await until(() => existsSync(join(dir, 'sleep.pid')), 30_000);
  expect(hung, 'the fake helm never started `template`').toBe(true);
  const pids = ['helm.pid', 'sleep.pid'].map((file) => Number(readFileSync(join(dir, file), 'utf8').trim()));
  started.push(...pids);
  expect(pids.every(isAlive)).toBe(true);
  const sent = Date.now();
  process.kill(meshPid, signal);
  const run = await running;
  const gone = await until(() => !pids.some(isAlive), Math.max(0, sent + 2000 - Date.now()));
  return { run, pids, gone };
}

describe('mesh render interrupted, with a fake helm that hangs', () => {
  test('SIGINT: exit 130, no result/ written, the fake helm and its child gone within 2 s', async () => {
    const { dir, helm } = fakeHelmProject();
    writeFileSync(join(dir, 'hang'), '');
    const { run, pids, gone } = await interruptRender(dir, helm, 'SIGINT');
    expect(run.stderr).toBe('mesh: interrupted by SIGINT\n');
    expect(run.code).toBe(130);
    expect(gone, `still running: ${pids.filter(isAlive).join(', ')}`).toBe(true);
    expect(existsSync(join(dir, 'result'))).toBe(false);
    expect(existsSync(join(dir, 'mesh.lock.json'))).toBe(false);
  });

  test('SIGTERM: exit 143, the previous result/ intact, the fake helm and its child gone within 2 s', async () => {
    const { dir, helm } = fakeHelmProject();
    const first = await runMesh(['render'], { cwd: dir, env: { MESH_HELM: helm } });
    expect(first.code, first.stderr).toBe(0);
    const before = snapshot(join(dir, 'result'));
    expect(before['app/manifest.yaml']).toBeDefined();

    writeFileSync(join(dir, 'hang'), '');
    const { run, pids, gone } = await interruptRender(dir, helm, 'SIGTERM');
    expect(run.stderr).toBe('mesh: interrupted by SIGTERM\n');
    expect(run.code).toBe(143);
    expect(gone, `still running: ${pids.filter(isAlive).join(', ')}`).toBe(true);
    expect(snapshot(join(dir, 'result'))).toEqual(before);
  });
});
