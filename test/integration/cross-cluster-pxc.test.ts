import { describe, expect, inject, test } from 'vitest';
import type { InstalledFakes } from '../fakes/install.js';
import { cleanUpLifecycle, cluster, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

interface Checks {
  tasks: Array<{ id: string; checks?: Array<{ check: string; ok: boolean; detail: string }> }>;
}

/**
 * The flake's headline on the fakes: Percona's real charts in cluster-b,
 * cluster-a reaching PXC as pxc-source.cluster-b.global:3306 by a reference,
 * with nothing typed by hand but the config.
 */
function config(port: number, source: string, extra = '', istiod = ''): string {
  const repo = inject('chartsRepoUrl');
  return `{
    clusters: { 'cluster-a': ${cluster(port)}, 'cluster-b': ${cluster(port + 1)} },
    packages: {
      'istio-system': mkNamespace({ name: 'istio-system' }),
      'istio-base': mkIstioBase(),
      istiod: mkIstiod(${istiod}),
      'pxc-operator': mkHelmChart({ name: 'pxc-operator', chart: 'pxc-operator', repo: '${repo}', version: '1.20.0', namespace: 'pxc' }),
      'pxc-db': mkHelmChart({ name: 'pxc-db', chart: 'pxc-db', repo: '${repo}', version: '1.20.0', namespace: 'pxc', needs: ['pxc-operator'] ${extra} }),
      'pxc-source': mkPXCServiceEntry({ name: 'pxc-source', namespace: 'default', remoteClusterName: 'cluster-b', source: ${source} }),
    },
    deploy: {
      'cluster-a': ['istio-system', 'istio-base', 'istiod', 'pxc-source'],
      'cluster-b': ['pxc-operator', 'pxc-db'],
    },
  }`;
}

async function kubectlJson<T>(tools: InstalledFakes, args: string[]): Promise<T> {
  const run = await tools.run('kubectl', [...args, '-o', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** A Service in cluster-b's pxc namespace, as the fake API server returns it. */
function pxcService(tools: InstalledFakes, name: string) {
  return kubectlJson<{ spec: { type: string; selector: Record<string, string>; ports: Array<{ port: number; nodePort: number }> } }>(
    tools,
    ['--context', 'k3d-cluster-b', '-n', 'pxc', 'get', 'service', name],
  );
}

async function nodeIps(tools: InstalledFakes, context: string): Promise<string[]> {
  const nodes = await kubectlJson<{ items: Array<{ status: { addresses: Array<{ type: string; address: string }> } }> }>(tools, [
    '--context',
    context,
    'get',
    'nodes',
  ]);
  return nodes.items.map((n) => n.status.addresses.find((a) => a.type === 'InternalIP')!.address).sort();
}

describe('pxc-source.cluster-b.global answers from cluster-a (fake k3d, kubectl, docker and Percona operator; real helm and charts)', () => {
  test('mesh up finds cluster-b node addresses and the port mesh exposes, and both kinds of pod connect', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(config(18700, "{ namespace: 'pxc', service: 'pxc-db-haproxy', expose: true }"));

    const plan = await mesh(tools, cwd, ['plan']);
    expect(plan.stdout).toMatch(
      /deploy:cluster-a +deploy to cluster-a \(reaches cluster-b\) +\(needs create:cluster-a, render:cluster-a, create:cluster-b\)/,
    );

    const up = await mesh(tools, cwd, ['up']);
    expect(up.code, said(up)).toBe(0);
    expect(up.stderr).toMatch(
      /ServiceEntry default\/pxc-source reaches 172\.\d+\.\d+\.\d+ port \d+ \(NodePort \(pxc-db-haproxy-mesh, added by mesh\)\)/,
    );

    // The entry in cluster-a lists cluster-b's nodes at the node port of the Service mesh added beside PXC's.
    const exposed = await pxcService(tools, 'pxc-db-haproxy-mesh');
    expect(exposed.spec.type).toBe('NodePort');
    const entry = await kubectlJson<{
      spec: { addresses: string[]; endpoints: Array<{ address: string; ports: Record<string, number> }> };
    }>(tools, ['--context', 'k3d-cluster-a', '-n', 'default', 'get', 'serviceentry', 'pxc-source']);
    expect(entry.spec.addresses).toEqual(['240.241.0.1']);
    expect(entry.spec.endpoints).toEqual(
      (await nodeIps(tools, 'k3d-cluster-b')).map((address) => ({ address, ports: { 'tcp-mysql': exposed.spec.ports[0]!.nodePort } })),
    );
    // Pods without a sidecar get the same endpoints through the Service CoreDNS rewrites the name to.
    const slice = await kubectlJson<{ items: Array<{ endpoints: Array<{ addresses: string[] }>; ports: Array<{ port: number }> }> }>(
      tools,
      [
        '--context',
        'k3d-cluster-a',
        '-n',
        'default',
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=pxc-source-cluster-b-global',
      ],
    );
    expect(slice.items.flatMap((s) => s.endpoints.flatMap((e) => e.addresses)).sort()).toEqual(entry.spec.endpoints.map((e) => e.address));
    expect(slice.items[0]!.ports[0]!.port).toBe(exposed.spec.ports[0]!.nodePort);

    const verify = await mesh(tools, cwd, ['verify', '--cluster', 'cluster-a', '--json']);
    expect(verify.code, said(verify)).toBe(0);
    const checks = (JSON.parse(verify.stdout) as Checks).tasks.find((t) => t.id === 'verify:cluster-a')!.checks!;
    expect(checks.filter((c) => c.check.startsWith('pxc-source.cluster-b.global'))).toEqual([
      {
        cluster: 'cluster-a',
        check: 'pxc-source.cluster-b.global:3306 from a pod with a sidecar',
        ok: true,
        detail: 'resolves to 240.241.0.1, accepts a connection on 3306',
      },
      {
        cluster: 'cluster-a',
        check: 'pxc-source.cluster-b.global:3306 from a pod without a sidecar',
        ok: true,
        detail: expect.stringMatching(/^resolves to 10\.43\.\d+\.\d+, accepts a connection on 3306$/),
      },
    ]);

    // Once PXC has no ready pod, both probes say the connection is what fails.
    tools.setFaults({
      contexts: {
        'k3d-cluster-b': {
          pods: {
            pxc: [
              { name: 'pxc-db-haproxy-0', ready: false, reason: 'CrashLoopBackOff' },
              { name: 'pxc-db-haproxy-1', ready: false, reason: 'CrashLoopBackOff' },
              { name: 'pxc-db-haproxy-2', ready: false, reason: 'CrashLoopBackOff' },
            ],
          },
        },
      },
    });
    const down = await mesh(tools, cwd, ['verify', '--cluster', 'cluster-a', '--json', '--timeout', '3s']);
    expect(down.code).toBe(1);
    const failing = (JSON.parse(down.stdout) as Checks).tasks.find((t) => t.id === 'verify:cluster-a')!.checks!.filter((c) => !c.ok);
    expect(failing.map((c) => c.detail)).toEqual([
      expect.stringMatching(/^connection: 240\.241\.0\.1:3306 refused or unreachable \(nc: .*Connection refused\)$/),
      expect.stringMatching(/^connection: 10\.43\.\d+\.\d+:3306 refused or unreachable \(nc: .*Connection refused\)$/),
    ]);
  });

  test('a LoadBalancer (k3s ServiceLB) is reached on its own port; a ClusterIP service without expose is refused with what to do', async () => {
    const tools = fakes();
    const lb = lifecycleProject(
      config(
        18710,
        "{ namespace: 'pxc', service: 'pxc-db-haproxy' }",
        ", values: { haproxy: { exposePrimary: { type: 'LoadBalancer' } } }",
      ),
    );
    const up = await mesh(tools, lb, ['up']);
    expect(up.code, said(up)).toBe(0);
    expect(up.stderr).toMatch(/ServiceEntry default\/pxc-source reaches 172\.\d+\.\d+\.\d+ port 3306 \(LoadBalancer\)/);

    const others = fakes();
    const plain = lifecycleProject(config(18720, "{ namespace: 'pxc', service: 'pxc-db-haproxy' }"));
    const refused = await mesh(others, plain, ['up']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('service pxc/pxc-db-haproxy:3306 in cluster-b is ClusterIP only, which no other cluster can reach');
    expect(refused.stderr).toContain('set expose: true on the reference');
  });

  test('source.pods: a host per PXC pod, each reached through a NodePort of its own, each verified', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(
      config(18740, "{ namespace: 'pxc', service: 'pxc-db-haproxy', expose: true, pods: { statefulSet: 'pxc-db-pxc', replicas: 3 } }"),
    );
    const up = await mesh(tools, cwd, ['up']);
    expect(up.code, said(up)).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect(up.stderr).toMatch(
        new RegExp(
          `ServiceEntry default/pxc-source-${i} reaches 172\\.\\d+\\.\\d+\\.\\d+ port \\d+ \\(NodePort \\(pxc-db-pxc-${i}-mesh, added by mesh\\)\\)`,
        ),
      );
      const exposed = await pxcService(tools, `pxc-db-pxc-${i}-mesh`);
      expect(exposed.spec.selector).toEqual({ 'statefulset.kubernetes.io/pod-name': `pxc-db-pxc-${i}` });
    }
    const verify = await mesh(tools, cwd, ['verify', '--cluster', 'cluster-a', '--json']);
    expect(verify.code, said(verify)).toBe(0);
    const checks = (JSON.parse(verify.stdout) as Checks).tasks.find((t) => t.id === 'verify:cluster-a')!.checks!;
    const hosts = checks.filter((c) => c.check.includes('.cluster-b.global')).map((c) => `${c.check}: ${c.ok}`);
    expect(hosts).toHaveLength(8);
    expect(hosts.every((h) => h.endsWith(': true'))).toBe(true);
    expect(hosts).toContain('pxc-source-2.cluster-b.global:3306 from a pod without a sidecar: true');
  });

  test('with DNS capture turned off in the config, verify says the sidecar pod got the wrong address, and why', async () => {
    const tools = fakes();
    const off = "{ values: { meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'false' } } } } }";
    const cwd = lifecycleProject(config(18750, "{ namespace: 'pxc', service: 'pxc-db-haproxy', expose: true }", '', off));
    const up = await mesh(tools, cwd, ['up', '--timeout', '3s']);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(
      /FAIL pxc-source\.cluster-b\.global:3306 from a pod with a sidecar: address: pxc-source\.cluster-b\.global resolves to 10\.43\.\d+\.\d+, not the entry's 240\.241\.0\.1: the sidecar's DNS proxy did not answer \(is ISTIO_META_DNS_CAPTURE off in istiod's values\?\)/,
    );
    // The pod without a sidecar does not depend on it.
    expect(up.stderr).toMatch(/pass pxc-source\.cluster-b\.global:3306 from a pod without a sidecar/);
  });

  test('a missing namespace or service in the referenced cluster is named when the wait runs out', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(config(18730, "{ namespace: 'pxc', service: 'pxc-db-haproxi', expose: true }"));
    const run = await mesh(tools, cwd, ['up', '--timeout', '2s']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('service pxc/pxc-db-haproxi:3306 in cluster-b: cluster-b has no such service after 2s');
  });
});
