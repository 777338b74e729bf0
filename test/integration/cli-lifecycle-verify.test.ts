import { describe, expect, test } from 'vitest';
import type { Faults } from '../fakes/install.js';
import { cleanUpLifecycle, cluster, fakes, FULL_PACKAGES, lifecycleProject, mesh, said, EXTERNAL_PXC } from '../helpers/lifecycle.js';

cleanUpLifecycle();

interface VerifyJson {
  tasks: Array<{ id: string; checks?: Array<{ check: string; ok: boolean; detail: string }> }>;
}

describe('mesh verify proves the mesh works, not only that its pods run (fake k3d, kubectl and docker; real helm)', () => {
  test('a healthy mesh passes every check; a missing CA bundle, a broken injector and a stale proxy each fail the check that sees it', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(18580)} }, packages: ${FULL_PACKAGES} }`);
    const up = await mesh(tools, cwd, ['up']);
    expect(up.code, said(up)).toBe(0);

    const checks = async (faults: Faults) => {
      tools.setFaults(faults);
      const run = await mesh(tools, cwd, ['verify', '--json']);
      const result = JSON.parse(run.stdout) as VerifyJson;
      return { code: run.code, checks: result.tasks.find((t) => t.id === 'verify:dev')!.checks! };
    };
    const healthy = await checks({});
    expect(healthy.code).toBe(0);
    expect(Object.fromEntries(healthy.checks.map((c) => [c.check, c.detail]))).toMatchObject({
      'istio-sidecar-injector has its CA bundle': '4 webhooks with a CA bundle',
      'sidecar injection works': 'a pod gets istio-proxy (server dry run)',
      'gateway service istio-ingressgateway has an address': expect.stringMatching(/^172\.\d+\.\d+\.\d+/),
      'proxies in sync with istiod': '1 proxy in sync',
      'pxc-source.cluster-b.global:3306 from a pod with a sidecar': 'resolves to 240.241.0.1, accepts a connection on 3306',
      'pxc-source.cluster-b.global:3306 from a pod without a sidecar': expect.stringMatching(
        /^resolves to 10\.43\.\d+\.\d+, accepts a connection on 3306$/,
      ),
    });

    const failed = (result: Awaited<ReturnType<typeof checks>>) => result.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`);
    const noBundle = await checks({ istio: { caBundle: 'missing' } });
    expect(noBundle.code).toBe(1);
    expect(failed(noBundle)).toEqual([
      'istio-sidecar-injector has its CA bundle: no CA bundle on rev.namespace.sidecar-injector.istio.io, rev.object.sidecar-injector.istio.io, namespace.sidecar-injector.istio.io, object.sidecar-injector.istio.io',
      expect.stringMatching(/^sidecar injection works: a pod to inject was refused: .*x509: certificate signed by unknown authority$/),
      // The cross-cluster probe with a sidecar cannot even start; the one without still passes.
      expect.stringMatching(
        /^pxc-source\.cluster-b\.global:3306 from a pod with a sidecar: the probe pod was refused: Internal error occurred: failed calling webhook .*x509/,
      ),
    ]);

    const broken = await checks({ istio: { injection: 'broken' } });
    expect(failed(broken)).toEqual([
      expect.stringMatching(/^sidecar injection works: a pod to inject was refused: .*context deadline exceeded$/),
      expect.stringMatching(
        /^pxc-source\.cluster-b\.global:3306 from a pod with a sidecar: the probe pod was refused: .*context deadline exceeded$/,
      ),
    ]);

    // CoreDNS not answering: the pod without a sidecar fails in busybox's own words, not kubectl's exit-code line;
    // the sidecar's DNS proxy still answers the entry's host itself.
    tools.setFaults({ net: { ...EXTERNAL_PXC, dns: 'down' } });
    const noDns = await mesh(tools, cwd, ['verify', '--json', '--timeout', '3s']);
    expect(noDns.code).toBe(1);
    const dnsChecks = (JSON.parse(noDns.stdout) as VerifyJson).tasks.find((t) => t.id === 'verify:dev')!.checks!;
    expect(dnsChecks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`)).toEqual([
      'pxc-source.cluster-b.global:3306 from a pod without a sidecar: name: pxc-source.cluster-b.global does not resolve (connection timed out; no servers could be reached)',
    ]);

    const stale = await checks({ istio: { stale: ['istio-ingressgateway'] } });
    expect(failed(stale)).toEqual([
      expect.stringMatching(/^proxies in sync with istiod: not in sync: istio-ingressgateway-\S+\.istio-ingress$/),
    ]);
  });
});
