import { expectJsonShape } from '../helpers/json-schema.js';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { projectRoot } from '../helpers/paths.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { expectUserError } from '../helpers/cli-expect.js';
import { cleanUpLifecycle, cluster, commandLines, fakes, ISTIO_PACKAGES, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18490;
const CONFIG = `{ clusters: { dev: ${cluster(PORT)} }, packages: ${ISTIO_PACKAGES} }`;
const BLOCKING = [
  'docker daemon reachable',
  'k3d installed',
  'kubectl installed',
  'helm available',
  `host port ${PORT} free (dev)`,
  'kubeconfig writable',
];

interface Check {
  name: string;
  ok: boolean;
  blocking: boolean;
  detail: string;
  fix?: string;
}

describe('mesh doctor with fake k3d, kubectl and docker (real helm)', () => {
  test('every blocking check passes: exit 0, each with ✔ and what was found; it only reads', async () => {
    const tools = fakes();
    const run = await mesh(tools, lifecycleProject(CONFIG), ['doctor']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .filter((l) => !l.startsWith(' '));
    for (const name of BLOCKING)
      expect(
        lines.find((l) => l.includes(` ${name}: `)),
        name,
      ).toMatch(/^✔ /);
    expect(run.stdout).toContain('✔ docker daemon reachable: docker 28.2.2, 8 CPUs');
    expect(run.stdout).toContain('✔ k3d installed: v5.8.3');
    expect(run.stdout).toContain('✔ kubectl installed: v1.32.4');
    expect(run.stdout).toContain(`✔ helm available: v4.1.4 at ${inject('helmPath')}`);
    expect(run.stdout).toContain(`✔ host port ${PORT} free (dev): free`);
    expect(run.stdout).toContain(`✔ kubeconfig writable: ${tools.kubeconfig}`);
    expect(run.stdout).toContain(
      '✔ built-in kinds checked offline: names only; `npm install -D kubernetes-models@4` checks their fields too',
    );
    expect(run.stdout).not.toMatch(/^✖/m);
    // Warnings (this machine's inotify limit, say) are marked `!`, never block, and carry their fix.
    for (const l of lines.filter((l) => l.startsWith('! '))) expect(run.stdout).toContain(`${l}\n    fix: `);
    for (const c of commandLines(tools))
      expect(c).toMatch(/^(docker info --format \{\{json \.\}\}|k3d version|k3d cluster list -o json|kubectl version --client -o json)$/);
  });

  test('says which kubernetes-models checks built-in kinds when the project has it', async () => {
    const tools = fakes();
    const project = lifecycleProject(CONFIG);
    symlinkSync(join(projectRoot, 'node_modules', 'kubernetes-models'), join(project, 'node_modules', 'kubernetes-models'), 'dir');
    const run = await mesh(tools, project, ['doctor']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stdout).toMatch(
      /^✔ built-in kinds checked offline: fields of Deployments, Services, \.\.\. against kubernetes-models@4\.\d+\.\d+$/m,
    );
  });

  test('--json: ok, and every check with name, ok, blocking and detail (a fix only when it fails)', async () => {
    const tools = fakes();
    const run = await mesh(tools, lifecycleProject(CONFIG), ['doctor', '--json']);
    expect(run.code, said(run)).toBe(0);
    const result = expectJsonShape('doctor', run.stdout) as { ok: boolean; checks: Check[] };
    expect(Object.keys(result)).toEqual(['schemaVersion', 'ok', 'checks']);
    expect(result.ok).toBe(true);
    expect(result.checks.filter((c) => c.blocking).map((c) => c.name)).toEqual(BLOCKING);
    for (const c of result.checks) {
      expect(typeof c.detail).toBe('string');
      if (c.blocking) expect(c).toEqual({ name: c.name, ok: true, blocking: true, detail: c.detail });
      if (!c.ok) expect(c.fix).toMatch(/\S/);
    }
    expect(result.checks.find((c) => c.name === 'docker memory')).toMatchObject({
      ok: true,
      blocking: false,
      detail: '15.5 GiB available to containers',
    });
  });

  test('docker daemon down: exit 1, the failed check, its fix, and the same in --json', async () => {
    const tools = fakes();
    tools.setFaults({ docker: { daemon: 'down' } });
    const cwd = lifecycleProject(CONFIG);
    const run = await mesh(tools, cwd, ['doctor']);
    expectUserError(
      run,
      1,
      'mesh: error: 1 blocking check failed: docker daemon reachable',
      'hint: fix them as shown above, then run `mesh doctor` again',
    );
    expect(run.stdout).toContain(
      '✖ docker daemon reachable: the docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' +
        '    fix: start Docker (Docker Desktop, `sudo systemctl start docker`, or colima start) and check `docker info`\n',
    );
    // The other tools still answer and are still checked.
    expect(run.stdout).toContain('✔ k3d installed: v5.8.3');

    const json = await mesh(tools, cwd, ['doctor', '--json']);
    expect(json.code, said(json)).toBe(1);
    const result = expectJsonShape('doctor', json.stdout) as { ok: boolean; checks: Check[]; error: { message: string; exitCode: number } };
    expectJsonShape('error', json.stdout);
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.name === 'docker daemon reachable')).toMatchObject({
      ok: false,
      blocking: true,
      fix: expect.stringContaining('start Docker'),
    });
    expect(result.error).toMatchObject({ message: '1 blocking check failed: docker daemon reachable', exitCode: 1 });
  });

  test('docker CLI 29 texts: a stopped daemon and a refused user each get their fix', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG);
    tools.setFaults({ versions: { docker: '29.0.1' }, docker: { daemon: 'down' } });
    const down = await mesh(tools, cwd, ['doctor']);
    expect(down.code, said(down)).toBe(1);
    expect(down.stdout).toContain(
      '✖ docker daemon reachable: the docker daemon is not reachable: failed to connect to the docker API at unix:///var/run/docker.sock; check if the path is correct and if the daemon is running: dial unix /var/run/docker.sock: connect: no such file or directory\n' +
        '    fix: start Docker',
    );
    tools.setFaults({ versions: { docker: '29.0.1' }, docker: { daemon: 'denied' } });
    const denied = await mesh(tools, cwd, ['doctor']);
    expect(denied.code, said(denied)).toBe(1);
    expect(denied.stdout).toMatch(
      /✖ docker daemon reachable: the docker daemon refused this user: permission denied while trying to connect to the docker API at unix:\/\/\/var\/run\/docker\.sock.*\n {4}fix: add yourself to the docker group/,
    );
  });

  test.skipIf(unprivilegedPortStart() <= 80)(
    'rootless docker and host ports below 1024: doctor says which cannot be published and how to fix it',
    async () => {
      const tools = fakes();
      tools.setFaults({ docker: { rootless: true } });
      const low = `{ clusters: { edge: mkClusterConfig({ ports: [{ port: '80:80', nodeFilters: ['loadbalancer'] }] }) }, packages: ${ISTIO_PACKAGES} }`;
      const run = await mesh(tools, lifecycleProject(low), ['doctor']);
      expect(run.code, said(run)).toBe(1);
      expect(run.stdout).toMatch(/✔ docker daemon reachable: docker 28\.2\.2, rootless, /);
      expect(run.stdout).toMatch(
        /✖ host ports rootless docker can publish \(edge\): rootless docker cannot publish 80: ports below \d+ need privileges it has not got\n {4}fix: map host ports of 1024 or above/,
      );
    },
  );
});

describe('mesh doctor and a registry without TLS', () => {
  test('a helm older than 3.13 fails the check of a config with a plainHttp chart, naming the chart', async () => {
    const tools = fakes();
    const bin = mkdtempSync(join(tmpdir(), 'mesh-old-helm-'));
    const helm = join(bin, 'helm');
    // An old helm as far as doctor asks it: its version.
    writeFileSync(helm, '#!/bin/sh\necho v3.12.3\n');
    chmodSync(helm, 0o755);
    const chart = `mkHelmChart({ name: 'db', chart: 'oci://127.0.0.1:5999/charts/db', version: '1.0.0', namespace: 'db', plainHttp: true })`;
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT + 6)} }, packages: { db: ${chart} } }`);
    const run = await mesh(tools, cwd, ['doctor'], { env: { MESH_HELM: helm } });
    expect(run.code, said(run)).toBe(1);
    expect(run.stdout).toContain(
      '✖ helm reaches registries without TLS: v3.12.3 has no --plain-http (Helm 3.13), which oci://127.0.0.1:5999/charts/db needs\n    fix: upgrade helm to 3.13 or newer',
    );
    rmSync(bin, { recursive: true, force: true });
  });
});

function unprivilegedPortStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  } catch {
    return 1024;
  }
}
