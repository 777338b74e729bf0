import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FakeCall, Faults, InstalledFakes, ScriptedFault } from '../fakes/install.js';
import { installFakes } from '../fakes/install.js';
import { cluster, fakeClusters, kubeconfig, mesh, said, TINY_CHART } from './lifecycle.js';
import { makeProject, tsConfig } from './project.js';
import type { MeshRun } from './cli.js';

/**
 * The fault-injection suite's world: a two-cluster `mesh up` of the headline
 * (Istio in cluster-a, a database in cluster-b, cluster-a's ServiceEntry
 * reaching it through a NodePort mesh adds), and every distinct kind of
 * external call that up makes, each with a way to make it fail.
 */

const DB_CHART: Record<string, string> = {
  'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
  'charts/db/templates/db.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 1
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: 'mysql:8.4', ports: [{ containerPort: 3306 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: db }
spec:
  selector: { app: db }
  ports: [{ name: mysql, port: 3306, targetPort: 3306 }]
`,
};

/**
 * A fresh world per case: the suite's cases run at the same time (their runs
 * mostly wait), so each gets its own fakes and project, removed by `cleanUp`.
 */
export function world(port: number): { tools: InstalledFakes; cwd: string } {
  const tools = installFakes();
  made.push(() => tools.cleanup());
  const cwd = makeProject({ ...TINY_CHART, ...DB_CHART, 'mesh.config.ts': tsConfig(config(port)) });
  made.push(() => rmSync(cwd, { recursive: true, force: true }));
  return { tools, cwd };
}

const made: Array<() => void> = [];
export function cleanUp(): void {
  for (const remove of made.splice(0)) remove();
}

function config(port: number): string {
  return `{
    clusters: { 'cluster-a': ${cluster(port)}, 'cluster-b': ${cluster(port + 1)} },
    packages: {
      'istio-system': mkNamespace({ name: 'istio-system' }),
      'istio-base': mkIstioBase(),
      istiod: mkIstiod(),
      db: mkHelmChart({ name: 'db', chart: './charts/db', namespace: 'data' }),
      'db-source': mkPXCServiceEntry({ name: 'db-source', namespace: 'default', remoteClusterName: 'cluster-b', source: { namespace: 'data', service: 'db', port: 3306, expose: true } }),
    },
    deploy: { 'cluster-a': ['istio-system', 'istio-base', 'istiod', 'db-source'], 'cluster-b': ['db'] },
  }`;
}

export interface CallKind {
  name: string;
  tool: 'k3d' | 'kubectl' | 'docker';
  /** The subcommand the fake keys its scripted faults by. */
  sub: string;
  /** A part of the joined arguments only this kind has. */
  match: string;
  unless?: string;
  /** What the tool prints when this call fails for a moment, in its own words. */
  transient: string;
  /** The verify check that reports this call's failure, where a check (not the command) is what fails. */
  check?: string;
}

const REFUSED = 'The connection to the server 0.0.0.0:6443 was refused - did you specify the right host or port?\n';
const RESET = (what: string) =>
  `FATA[0000] ${what}: error during connect: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/json": read unix @->/var/run/docker.sock: read: connection reset by peer\n`;
const DAEMON_SLOW =
  'Error response from daemon: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/networks/create": context deadline exceeded\n';
// k3d 5.8's words when a pull of k3s's image times out: it rolls the cluster back before exiting.
const PULL_ROLLED_BACK =
  "ERRO[0004] failed Cluster Creation: failed setup of server/agent node k3d-x-server-0: runtime failed to create node 'k3d-x-server-0': docker failed to pull the image 'rancher/k3s:v1.31.5-k3s1': Error response from daemon: Get \"https://registry-1.docker.io/v2/\": net/http: TLS handshake timeout\nERRO[0004] Failed to create cluster >>> Rolling Back\nFATA[0005] Cluster creation FAILED, all changes have been rolled back!\n";

/** Every kind of call a two-cluster `mesh up` makes; the baseline test checks that none is missing. */
export const CALL_KINDS: CallKind[] = [
  { name: 'docker info', tool: 'docker', sub: 'info', match: 'info --format', transient: DAEMON_SLOW.replace('networks/create', 'info') },
  {
    name: 'docker network inspect (exists?)',
    tool: 'docker',
    sub: 'network',
    match: 'network inspect',
    unless: '--format',
    transient: DAEMON_SLOW,
  },
  { name: 'docker network inspect (node addresses)', tool: 'docker', sub: 'network', match: '--format', transient: DAEMON_SLOW },
  { name: 'docker network create', tool: 'docker', sub: 'network', match: 'network create', transient: DAEMON_SLOW },
  { name: 'k3d version', tool: 'k3d', sub: 'version', match: 'version', transient: RESET('failed to get docker version') },
  { name: 'k3d cluster list', tool: 'k3d', sub: 'list', match: 'cluster list', transient: RESET('failed to list nodes') },
  { name: 'k3d cluster create', tool: 'k3d', sub: 'create', match: 'cluster create', transient: PULL_ROLLED_BACK },
  { name: 'k3d kubeconfig merge', tool: 'k3d', sub: 'merge', match: 'kubeconfig merge', transient: RESET('failed to get cluster') },
  { name: 'kubectl version', tool: 'kubectl', sub: 'version', match: 'version --client', transient: REFUSED },
  { name: 'kubectl apply', tool: 'kubectl', sub: 'apply', match: '--field-manager=k3d-mesh --force', transient: REFUSED },
  {
    name: 'kubectl apply --dry-run=server (injection)',
    tool: 'kubectl',
    sub: 'apply',
    match: '--dry-run=server',
    transient: REFUSED,
    check: 'FAIL sidecar injection works',
  },
  { name: 'kubectl get configmaps (inventory)', tool: 'kubectl', sub: 'get', match: 'get configmaps', transient: REFUSED },
  { name: 'kubectl wait', tool: 'kubectl', sub: 'wait', match: ' wait --for', transient: REFUSED },
  { name: 'kubectl rollout status', tool: 'kubectl', sub: 'rollout', match: 'rollout status', transient: REFUSED },
  { name: 'kubectl get endpointslices', tool: 'kubectl', sub: 'get', match: 'get endpointslices', transient: REFUSED },
  { name: 'kubectl get service', tool: 'kubectl', sub: 'get', match: 'get service ', transient: REFUSED },
  { name: 'kubectl get (verify)', tool: 'kubectl', sub: 'get', match: 'customresourcedefinitions,deployments', transient: REFUSED },
  {
    name: 'kubectl get --raw (proxy sync)',
    tool: 'kubectl',
    sub: 'get',
    match: 'get --raw',
    transient: REFUSED,
    check: 'FAIL proxies in sync with istiod',
  },
  { name: 'kubectl exec (probe)', tool: 'kubectl', sub: 'exec', match: ' exec ', transient: REFUSED },
  { name: 'kubectl delete (probe pods)', tool: 'kubectl', sub: 'delete', match: 'delete pod', transient: REFUSED },
];

export function kindOf(call: FakeCall): CallKind | undefined {
  const line = call.argv.join(' ');
  return CALL_KINDS.find((k) => k.tool === call.tool && line.includes(k.match) && !(k.unless && line.includes(k.unless)));
}

/** Faults that make the first `times` calls of a kind fail with `fault`'s words. */
export function failing(kind: CallKind, fault: Omit<ScriptedFault, 'match'>): Faults {
  return { [kind.tool]: { [kind.sub]: { ...fault, match: kind.match, ...(kind.unless ? { unless: kind.unless } : {}) } } } as Faults;
}

/** How often the scripted fault fired (the fakes count faults given `times`). */
export function fired(tools: InstalledFakes): number {
  const counts = tools.faultCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** One cache for every run of a file: the Istio charts are rendered once, not per case. */
export const sharedCache = () => mkdtempSync(join(tmpdir(), 'mesh-fault-cache-'));

export function up(
  tools: InstalledFakes,
  cwd: string,
  cache: string,
  args: string[] = [],
  options: { env?: Record<string, string>; onSpawn?: (pid: number) => void } = {},
): Promise<MeshRun> {
  return mesh(tools, cwd, ['up', ...args], { ...options, env: { MESH_CACHE_DIR: cache, ...options.env } });
}

/** The state a good run leaves: both clusters running with their contexts, cluster-a's entry pointing at cluster-b's nodes. */
export async function expectConverged(tools: InstalledFakes, run: MeshRun): Promise<void> {
  expect(run.code, said(run)).toBe(0);
  expect(fakeClusters(tools).map((c) => [c.name, c.running])).toEqual([
    ['cluster-a', true],
    ['cluster-b', true],
  ]);
  expect(kubeconfig(tools).contexts).toEqual(expect.arrayContaining(['k3d-cluster-a', 'k3d-cluster-b']));
  const entry = await tools.run('kubectl', [
    '--context',
    'k3d-cluster-a',
    '-n',
    'default',
    'get',
    'serviceentry',
    'db-source',
    '-o',
    'json',
  ]);
  expect(entry.code, entry.stderr).toBe(0);
  const endpoints = (JSON.parse(entry.stdout) as { spec: { endpoints?: unknown[] } }).spec.endpoints ?? [];
  expect(endpoints.length).toBeGreaterThan(0);
}
