import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { parse } from 'yaml';
import { installFakes, type FakeCall, type InstalledFakes } from '../fakes/install.js';
import { runMesh, type MeshRun } from './cli.js';
import { istioEnv } from './cli-expect.js';
import { makeProject, tsConfig } from './project.js';
export { isAlive, until } from './processes.js';

/**
 * Helpers for the `mesh up` / `mesh down` tests, which run the real mesh
 * binary against the fake k3d, kubectl and docker of test/fakes.
 */

const fakesMade: InstalledFakes[] = [];
const projectsMade: string[] = [];

/** Removes the fakes' state and the projects a test made, after each test of the file that calls it. */
export function cleanUpLifecycle(): void {
  afterEach(() => {
    for (const fakes of fakesMade.splice(0)) fakes.cleanup();
    for (const dir of projectsMade.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

/** Fresh fake tools (state folder, HOME, a kubeconfig whose current context is `user-prod`). */
export function fakes(options: Parameters<typeof installFakes>[0] = {}): InstalledFakes {
  const made = installFakes(options);
  fakesMade.push(made);
  return made;
}

/** A tiny local chart: one Deployment named after the release, one container. */
export const TINY_CHART: Record<string, string> = {
  'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'charts/app/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: 1
  selector:
    matchLabels: { app: {{ .Release.Name }} }
  template:
    metadata:
      labels: { app: {{ .Release.Name }} }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
};

/** `mkClusterConfig` mapping one free high host port to the load balancer's port 80 (mesh up probes it). */
export function cluster(port: number, extra = ''): string {
  return `mkClusterConfig({ ports: [{ port: '${port}:80', nodeFilters: ['loadbalancer'] }]${extra ? `, ${extra}` : ''} })`;
}

/** Where FULL_PACKAGES' PXC entry points: a database outside the clusters, listening (`fakes({ net: EXTERNAL_PXC })`). */
export const EXTERNAL_PXC = { listening: ['172.18.0.5:3306'] };

/** The whole stack: Istio (gateway in its own namespace), the tiny chart, a PXC ServiceEntry to EXTERNAL_PXC. */
export const FULL_PACKAGES = `{
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod(),
    'istio-gateway': mkIstioGateway({ name: 'istio-ingressgateway', namespace: 'istio-ingress' }),
    'app': mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'default' }),
    'pxc-remote': mkPXCServiceEntry({ name: 'pxc-source', namespace: 'default', remoteClusterName: 'cluster-b', remoteEndpoints: [{ address: '172.18.0.5', port: 3306 }] }),
  }`;

/** Istio's namespace, base and istiod only: the smallest stack `mesh verify` checks. */
export const ISTIO_PACKAGES = `{
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod(),
  }`;

/** A project whose mesh.config.ts is `defineConfig(body)`, with the tiny chart beside it. */
export function lifecycleProject(body: string): string {
  const dir = makeProject({ 'mesh.config.ts': tsConfig(body), ...TINY_CHART });
  projectsMade.push(dir);
  return dir;
}

/**
 * Runs the real mesh in `cwd` with the fakes first on PATH, the Istio charts
 * of the test setup, and a cache kept in the project (so later runs are warm).
 */
export function mesh(
  installed: InstalledFakes,
  cwd: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; onSpawn?: (pid: number) => void; tty?: boolean } = {},
): Promise<MeshRun> {
  const env = { ...istioEnv(), ...installed.env, MESH_CACHE_DIR: join(cwd, '.mesh-cache'), ...options.env };
  return runMesh(args, { cwd, env, ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}), ...(options.tty ? { tty: true } : {}) });
}

/** `tool argv…` of each fake call, in order; from the `from`-th call on. */
export function commandLines(installed: InstalledFakes, from = 0): string[] {
  return installed.calls().slice(from).map(line);
}

/** A kubectl call of deploy's prune: reading or writing a target's inventory in kube-system. */
export function isInventoryCall(call: FakeCall): boolean {
  return (
    call.argv.some((a) => a.startsWith('k3d-mesh.inventory.') || a === 'k3d-mesh.dev/inventory') ||
    /k3d-mesh\.dev\/inventory/.test(call.stdin ?? '')
  );
}

export function line(call: FakeCall): string {
  return `${call.tool} ${call.argv.join(' ')}`;
}

/** The kubeconfig's context names (sorted) and current context. */
export function kubeconfig(installed: InstalledFakes): { contexts: string[]; current: string } {
  const config = parse(readFileSync(installed.kubeconfig, 'utf8')) as { contexts?: Array<{ name: string }>; 'current-context'?: string };
  return { contexts: (config.contexts ?? []).map((c) => c.name).sort(), current: config['current-context'] ?? '' };
}

/** The fake k3d's clusters, from its state folder: name, agent count, whether its servers run. */
export function fakeClusters(installed: InstalledFakes): Array<{ name: string; agents: number; running: boolean }> {
  const folder = join(installed.state, 'k3d', 'clusters');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .map(
      (file) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as { name: string; nodes: Array<{ role: string; running: boolean }> },
    )
    .map((c) => ({
      name: c.name,
      agents: c.nodes.filter((n) => n.role === 'agent').length,
      running: c.nodes.some((n) => n.role === 'server' && n.running),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Docker networks the fakes know beyond the built-in bridge, host and none. */
export function fakeNetworks(installed: InstalledFakes): string[] {
  const file = join(installed.state, 'k3d', 'networks.json');
  return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object).sort() : [];
}

/** The pid of every fake call so far (calls.log records it when the call starts). */
export function callPids(installed: InstalledFakes): number[] {
  const file = join(installed.state, 'calls.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((entry) => (JSON.parse(entry) as { pid: number }).pid);
}

/** What mesh said, for assertion messages. */
export function said(run: MeshRun): string {
  return `exit ${run.code}\nstderr:\n${run.stderr}\nstdout:\n${run.stdout}`;
}
