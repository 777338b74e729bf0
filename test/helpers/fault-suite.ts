import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { InstalledFakes } from '../fakes/install.js';
import { installFakes } from '../fakes/install.js';
import { cluster, fakeClusters, kubeconfig, mesh, said, TINY_CHART } from './lifecycle.js';
import { makeProject, tsConfig } from './project.js';
import type { MeshRun } from './cli.js';

/**
 * The fault-injection and interrupt suites' world: a two-cluster `mesh up` of
 * the headline (Istio in cluster-a, a database in cluster-b, cluster-a's
 * ServiceEntry reaching it through a NodePort mesh adds). The kinds of call it
 * makes are in fault-kinds.ts.
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
