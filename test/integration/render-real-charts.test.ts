import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { kubePrometheusStack, renderConfig, renderSetup } from '../helpers/render.js';

// Charts nobody here wrote, from ../shared/testdata/charts-repo, rendered by the real helm.

// Percona's charts 1.20.0 from the real charts' repository, in namespace db.
const percona = (chart: string, extra: Record<string, unknown> = {}) =>
  mkHelmChart({ name: chart, chart, repo: inject('chartsRepoUrl'), version: '1.20.0', namespace: 'db', ...extra });

describe('real upstream charts, read as Kubernetes reads them', () => {
  const setup = renderSetup();

  test('kube-prometheus-stack with a key its template repeats renders, with a warning naming target, object and key', async () => {
    const values = { alertmanager: { alertmanagerSpec: { additionalConfig: { logFormat: 'json' } } } };
    const run = await renderConfig({ packages: { kps: kubePrometheusStack(values) } }, setup);
    expect(run.summary.written).toBe(true);
    expect(run.warnings).toEqual([
      'kps: Alertmanager/kps-kube-prometheus-stack-alertmanager: key "logFormat" is repeated; kubectl uses its last value',
    ]);
  });

  test('a kind: List from additionalServiceMonitors is checked item by item against the ServiceMonitor CRD', async () => {
    const monitor = { name: 'extra', selector: { matchLabels: { app: 'x' } }, endpoints: [{ port: 8080 }] };
    const rendering = renderConfig(
      { packages: { kps: kubePrometheusStack({ prometheus: { additionalServiceMonitors: [monitor] } }) } },
      setup,
    );
    await expect(rendering).rejects.toThrow(/kps: ServiceMonitor\/extra: spec\.endpoints\[0\]\.port: expected string, found number 8080/);

    const fixed = { ...monitor, endpoints: [{ port: 'http' }] };
    const run = await renderConfig(
      { packages: { kps: kubePrometheusStack({ prometheus: { additionalServiceMonitors: [fixed] } }) } },
      setup,
    );
    expect(readFileSync(join(setup.dir, 'result', 'kps', 'manifest.yaml'), 'utf8')).toMatch(/^kind: List$/m);
    expect(run.warnings).toEqual([]);
  });

  test('pxc-db rendered alone is checked against the CRD of pxc-operator, which it needs', async () => {
    const packages = (size: unknown) => ({
      'pxc-db': percona('pxc-db', { needs: ['pxc-operator'], values: { pxc: { size } } }),
      'pxc-operator': percona('pxc-operator'),
    });
    await expect(renderConfig({ packages: packages('three') }, setup, { select: ['pxc-db'] })).rejects.toThrow(
      /pxc-db: PerconaXtraDBCluster\/pxc-db: spec\.pxc\.size: expected integer, found string "three"/,
    );
    const run = await renderConfig({ packages: packages(3) }, setup, { select: ['pxc-db'] });
    expect(run.summary.plan.manifests.map((t) => t.name)).toEqual(['pxc-db']);
    expect(run.summary.plan.toRender.map((t) => t.name)).toEqual(['pxc-operator', 'pxc-db']);
  });

  test("pxc-operator's CEL rule refuses the exposePrimary that pxc-db's own values file suggests, with the CRD's message", async () => {
    const exposePrimary = { type: 'ClusterIP', loadBalancerClass: 'eks.amazonaws.com/nlb' };
    const packages = {
      'pxc-db': percona('pxc-db', { needs: ['pxc-operator'], values: { haproxy: { exposePrimary } } }),
      'pxc-operator': percona('pxc-operator'),
    };
    await expect(renderConfig({ packages }, setup)).rejects.toThrow(
      "pxc-db: PerconaXtraDBCluster/pxc-db: spec.haproxy.exposePrimary: 'loadBalancerClass' can only be set when service type is 'LoadBalancer'",
    );
  });

  test("kube-prometheus-stack's Prometheus refuses two container ports alike (x-kubernetes-list-type: map)", async () => {
    const sidecar = { name: 'sidecar', image: 'busybox', ports: [{ containerPort: 8080 }, { containerPort: 8080, protocol: 'TCP' }] };
    const rendering = renderConfig(
      { packages: { kps: kubePrometheusStack({ prometheus: { prometheusSpec: { containers: [sidecar] } } }) } },
      setup,
    );
    await expect(rendering).rejects.toThrow(
      /kps: Prometheus\/kps-kube-prometheus-stack-prometheus: spec\.containers\[0\]\.ports\[1\]: duplicate entry: the same containerPort 8080 and protocol "TCP" as item 0/,
    );
  });
});
