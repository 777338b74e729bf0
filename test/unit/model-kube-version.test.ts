import { describe, expect, test } from 'vitest';
import { validateConfig } from '../../config/validate.js';
import { buildModel } from '../../lib/model/model.js';
import { k3sKubeVersion } from '../../lib/model/kube-version.js';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { mkClusterConfig } from '../../lib/modules/k3d.js';

const chart = (extra = {}) => mkHelmChart({ name: 'app', chart: 'app', repo: 'https://charts.example.test', ...extra });
const kubeVersionOf = (config: Parameters<typeof validateConfig>[0]) => {
  const target = buildModel(validateConfig(config, 'mesh.config.ts'), '/p/mesh.config.ts', {}, {}).targets[0]!;
  return target.kind === 'chart' ? target.chart.kubeVersion : undefined;
};

describe("charts see the Kubernetes of the clusters' k3s image", () => {
  test('the version in a k3s image tag', () => {
    expect(k3sKubeVersion('rancher/k3s:v1.35.2-k3s1')).toBe('v1.35.2');
    expect(k3sKubeVersion('registry.local:5000/rancher/k3s:v1.31.4+k3s1')).toBe('v1.31.4');
    expect(k3sKubeVersion('rancher/k3s:latest')).toBeUndefined();
  });

  test("a chart gets its clusters' version; its own kubeVersion wins; clusters that differ leave helm's default", () => {
    expect(kubeVersionOf({ clusters: { a: mkClusterConfig() }, packages: { app: chart() } })).toBe('v1.35.2');
    expect(kubeVersionOf({ clusters: { a: mkClusterConfig() }, packages: { app: chart({ kubeVersion: '1.33.0' }) } })).toBe('1.33.0');
    const older = mkClusterConfig({ image: 'rancher/k3s:v1.33.1-k3s1' });
    expect(kubeVersionOf({ clusters: { a: mkClusterConfig(), b: older }, packages: { app: chart() } })).toBeUndefined();
    expect(kubeVersionOf({ clusters: { a: mkClusterConfig(), b: older }, packages: { app: chart() }, deploy: { a: [] } })).toBe('v1.33.1');
    expect(kubeVersionOf({ packages: { app: chart() } })).toBeUndefined();
  });
});
