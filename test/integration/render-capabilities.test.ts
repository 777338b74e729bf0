import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { helmVerbs, kubePrometheusStack, renderConfig, renderSetup } from '../helpers/render.js';
import { exampleCrd } from '../helpers/crd.js';

const widgetCrd = exampleCrd('Widget');

/** A chart that renders a Widget only where the cluster serves example.com/v1, as charts gate ServiceMonitors. */
function gatedChart(dir: string): string {
  const chart = join(dir, 'charts', 'gated');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: gated\nversion: 0.1.0\n');
  writeFileSync(
    join(chart, 'templates', 'widget.yaml'),
    '{{- if .Capabilities.APIVersions.Has "example.com/v1/Widget" }}\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gated\n{{- end }}\n',
  );
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: always\n');
  return chart;
}

describe('.Capabilities.APIVersions as a cluster with the render set installed would answer it (real helm)', () => {
  test('an object gated on a CRD of the render set is rendered, and without that CRD it is not', async () => {
    const setup = renderSetup();
    const chart = gatedChart(setup.dir);
    const run = await renderConfig({ packages: { crds: [widgetCrd], app: mkHelmChart({ name: 'app', chart, needs: ['crds'] }) } }, setup);
    const manifest = readFileSync(join(setup.dir, 'result', 'app', 'manifest.yaml'), 'utf8');
    expect(manifest).toMatch(/^kind: Widget$/m);
    expect(run.helm.find((args) => args[0] === 'template')).toBeDefined();
    expect(run.helm.filter((args) => args.includes('--api-versions')).at(-1)).toEqual(
      expect.arrayContaining(['--api-versions', 'example.com/v1/Widget']),
    );

    const without = renderSetup();
    await renderConfig({ packages: { app: mkHelmChart({ name: 'app', chart: gatedChart(without.dir) }) } }, without);
    expect(readFileSync(join(without.dir, 'result', 'app', 'manifest.yaml'), 'utf8')).not.toMatch(/kind: Widget/);
  });

  test("apiVersions on a chart enables what it gates on an API the render set does not bring (kube-prometheus-stack's VPA)", async () => {
    const setup = renderSetup();
    const kps = (apiVersions?: string[]) =>
      kubePrometheusStack({ prometheusOperator: { verticalPodAutoscaler: { enabled: true } } }, apiVersions ? { apiVersions } : {});
    const plain = await renderConfig({ packages: { kps: kps() } }, setup);
    expect(
      helmVerbs(plain).filter((v) => v === 'template'),
      JSON.stringify(plain.helm.map((a) => a.filter((x) => !x.includes('/')).join(' '))),
    ).toHaveLength(1);
    expect(readFileSync(join(setup.dir, 'result', 'kps', 'manifest.yaml'), 'utf8')).not.toMatch(/^kind: VerticalPodAutoscaler$/m);
    await renderConfig({ packages: { kps: kps(['autoscaling.k8s.io/v1']) } }, setup);
    expect(readFileSync(join(setup.dir, 'result', 'kps', 'manifest.yaml'), 'utf8')).toMatch(/^kind: VerticalPodAutoscaler$/m);
  });

  test('a chart rendered again once the CRDs are known still counts as downloaded by this run (cert-manager and postgresql, cold)', async () => {
    const setup = renderSetup();
    const repo = inject('chartsRepoUrl');
    const run = await renderConfig(
      {
        packages: {
          'cert-manager': mkHelmChart({
            name: 'cert-manager',
            chart: 'cert-manager',
            repo,
            version: 'v0.0.0',
            namespace: 'cert-manager',
            values: { crds: { enabled: true } },
          }),
          pg: mkHelmChart({ name: 'pg', chart: 'postgresql', repo, version: '17.1.0', namespace: 'db' }),
        },
      },
      setup,
    );
    // postgresql asks .Capabilities.APIVersions about a version in a variable, so cert-manager's CRDs render it again.
    expect(helmVerbs(run).filter((v) => v === 'template')).toHaveLength(3);
    expect(run.summary.rendered.map((r) => [r.name, r.chart?.pulled])).toEqual([
      ['cert-manager', true],
      ['pg', true],
    ]);
  });
});
