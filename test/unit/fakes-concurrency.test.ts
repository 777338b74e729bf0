import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { installFakes, type InstalledFakes } from '../fakes/install.js';

let fakes: InstalledFakes;

beforeAll(async () => {
  fakes = installFakes();
  const config = YAML.stringify({
    apiVersion: 'k3d.io/v1alpha5',
    kind: 'Simple',
    metadata: { name: 'east' },
    options: { kubeconfig: { switchCurrentContext: false } },
  });
  expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config })).code).toBe(0);
});
afterAll(() => fakes.cleanup());

const namespace = (name: string) => YAML.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const configMaps = (ns: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: ns }, data: { i: String(i) } }),
  ).join('---\n');

describe('fake tools running concurrently', () => {
  it('four concurrent applies do not corrupt the state', async () => {
    const teams = ['a', 'b', 'c', 'd'];
    await fakes.run('kubectl', ['--context', 'k3d-east', 'apply', '--server-side', '-f', '-'], {
      input: teams.map(namespace).join('---\n'),
    });
    const before = fakes.calls().length;
    const results = await Promise.all(
      teams.map((team) =>
        fakes.run('kubectl', ['--context', 'k3d-east', 'apply', '--server-side', '--field-manager=k3d-mesh', '-f', '-'], {
          input: configMaps(team, 10),
        }),
      ),
    );
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(10);
    }
    const listed = await fakes.run('kubectl', ['--context', 'k3d-east', 'get', 'configmaps', '-A', '-o', 'json']);
    const items = (
      JSON.parse(listed.stdout) as { items: Array<{ metadata: { namespace: string; name: string; resourceVersion: string } }> }
    ).items;
    expect(items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`).sort()).toEqual(
      teams.flatMap((t) => Array.from({ length: 10 }, (_, i) => `${t}/cm-${i}`)).sort(),
    );
    // Every write got its own resourceVersion.
    expect(new Set(items.map((i) => i.metadata.resourceVersion)).size).toBe(items.length);
    // The store is valid JSON and the call log has one line per call, with unique sequence numbers.
    JSON.parse(readFileSync(join(fakes.state, 'api', 'east.json'), 'utf8'));
    const calls = fakes.calls();
    expect(calls).toHaveLength(before + 5);
    expect(new Set(calls.map((c) => c.seq)).size).toBe(calls.length);
    expect(
      calls
        .slice(before, before + 4)
        .map((c) => c.stdin)
        .sort(),
    ).toEqual(teams.map((t) => configMaps(t, 10)).sort());
  });

  it('mixes creates and deletes of clusters with kubectl calls', async () => {
    const config = (name: string, port: number) =>
      YAML.stringify({
        apiVersion: 'k3d.io/v1alpha5',
        kind: 'Simple',
        metadata: { name },
        ports: [{ port: `${port}:80`, nodeFilters: ['loadbalancer'] }],
        options: { kubeconfig: { switchCurrentContext: false } },
      });
    const results = await Promise.all([
      fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('w1', 8081) }),
      fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('w2', 8082) }),
      fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('w3', 8083) }),
      fakes.run('kubectl', ['--context', 'k3d-east', 'get', 'ns', '-o', 'json']),
    ]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const kubeconfig = YAML.parse(readFileSync(fakes.kubeconfig, 'utf8')) as {
      contexts: Array<{ name: string }>;
      'current-context': string;
    };
    expect(kubeconfig.contexts.map((c) => c.name).sort()).toEqual(['k3d-east', 'k3d-w1', 'k3d-w2', 'k3d-w3', 'user-prod']);
    expect(kubeconfig['current-context']).toBe('user-prod');
    const deleted = await Promise.all(['w1', 'w2', 'w3'].map((name) => fakes.run('k3d', ['cluster', 'delete', name])));
    expect(deleted.map((r) => r.code)).toEqual([0, 0, 0]);
    const list = JSON.parse((await fakes.run('k3d', ['cluster', 'list', '-o', 'json'])).stdout) as Array<{ name: string }>;
    expect(list.map((c) => c.name)).toEqual(['east']);
  });

  it('answers after delayMs, with concurrent calls waiting in parallel', async () => {
    fakes.setFaults({ delayMs: 400 });
    try {
      const started = performance.now();
      const timed = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const t = performance.now();
          const result = await fakes.run('kubectl', ['--context', 'k3d-east', 'get', 'ns', 'default', '-o', 'json']);
          return { code: result.code, ms: performance.now() - t };
        }),
      );
      const wall = performance.now() - started;
      for (const { code, ms } of timed) {
        expect(code).toBe(0);
        expect(ms).toBeGreaterThanOrEqual(400);
      }
      // Run one after another they would need at least 1600ms.
      expect(wall).toBeLessThan(timed.reduce((sum, t) => sum + t.ms, 0) * 0.75);
    } finally {
      fakes.setFaults({});
    }
  });

  it('breaks a lock left behind by a fake that was killed', async () => {
    writeFileSync(join(fakes.state, '.lock'), '2147483646');
    const result = await fakes.run('docker', ['info', '--format', '{{.ServerVersion}}']);
    expect(result).toEqual({ code: 0, stdout: '28.2.2\n', stderr: '' });
  });
});
