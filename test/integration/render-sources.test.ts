import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { istioChartsDir, istioRepoDir } from '../helpers/paths.js';
import { helmVerbs, renderConfig, renderSetup } from '../helpers/render.js';
import { ociTest } from '../helpers/oci.js';

function manifest(dir: string, target: string): string {
  return readFileSync(join(dir, 'result', target, 'manifest.yaml'), 'utf8');
}

describe('mkHelmChart renders a chart from every kind of source with the real helm', () => {
  test('an https-style chart repository served on 127.0.0.1: downloaded once, locked by the index digest', async () => {
    const setup = renderSetup();
    const chart = mkHelmChart({ name: 'gw', chart: 'gateway', repo: inject('istioRepoUrl'), version: '1.30.3', namespace: 'edge' });
    const run = await renderConfig({ packages: { gw: chart } }, setup);
    expect(manifest(setup.dir, 'gw')).toContain('kind: Deployment');
    expect(manifest(setup.dir, 'gw')).toContain('namespace: edge');
    expect(run.summary.rendered[0]!.chart).toEqual({
      version: '1.30.3',
      digest: '6091db964a4b30a5725754e34859a1f9c9dd4881062ea6300047f6a7477ef81a',
      pulled: true,
    });
    const lock = JSON.parse(readFileSync(join(setup.dir, 'mesh.lock.json'), 'utf8'));
    expect(lock.charts[`${inject('istioRepoUrl')}/gateway@1.30.3`].digest).toBe(
      '6091db964a4b30a5725754e34859a1f9c9dd4881062ea6300047f6a7477ef81a',
    );
  });

  ociTest('an OCI registry on 127.0.0.1 (plain HTTP)', async () => {
    const setup = renderSetup();
    const chart = mkHelmChart({
      name: 'istiod',
      chart: `oci://${inject('ociRegistry')}/charts/istiod`,
      version: '1.30.3',
      namespace: 'istio-system',
      plainHttp: true,
    });
    const run = await renderConfig({ packages: { istiod: chart } }, setup);
    expect(manifest(setup.dir, 'istiod')).toContain('name: istiod');
    expect(run.summary.rendered[0]!.chart?.digest).toBe('7e3329762b393c66a5166c79a6d340fc8acc8c49644647f69c987a192b3c98f2');
  });

  test('a local chart folder and a local chart archive give the same output', async () => {
    const fromDir = renderSetup();
    const fromTgz = renderSetup();
    await renderConfig(
      { packages: { base: mkHelmChart({ name: 'istio-base', chart: join(istioChartsDir, 'base'), namespace: 'istio-system' }) } },
      fromDir,
    );
    const run = await renderConfig(
      { packages: { base: mkHelmChart({ name: 'istio-base', chart: join(istioRepoDir, 'base-1.30.3.tgz'), namespace: 'istio-system' }) } },
      fromTgz,
    );
    expect(manifest(fromTgz.dir, 'base')).toBe(manifest(fromDir.dir, 'base'));
    expect(run.summary.rendered[0]!.chart?.digest).toBe('4d50d1583aea42892d9227f3442fa16bd992ba67a144f5734ac79985929a87ce');
  });

  test('a version left out resolves to the newest and is recorded, then reused from the lock', async () => {
    const setup = renderSetup();
    const config = {
      packages: { base: mkHelmChart({ name: 'istio-base', chart: 'base', repo: inject('istioRepoUrl'), namespace: 'istio-system' }) },
    };
    const first = await renderConfig(config, setup);
    expect(first.summary.rendered[0]!.chart?.version).toBe('1.30.3');
    const lock = JSON.parse(readFileSync(join(setup.dir, 'mesh.lock.json'), 'utf8'));
    expect(lock.charts[`${inject('istioRepoUrl')}/base@*`]).toEqual({
      version: '1.30.3',
      digest: '4d50d1583aea42892d9227f3442fa16bd992ba67a144f5734ac79985929a87ce',
    });
    expect(first.helm.find((args) => args[0] === 'pull')).not.toContain('--version');
    // The locked version is exact, so mesh downloads exactly it without helm pull.
    const second = await renderConfig(config, { ...setup, cacheDir: join(setup.dir, 'other-cache') });
    expect(helmVerbs(second)).not.toContain('pull');
    expect(second.summary.rendered[0]!.chart).toEqual({
      version: '1.30.3',
      digest: '4d50d1583aea42892d9227f3442fa16bd992ba67a144f5734ac79985929a87ce',
      pulled: true,
    });
  });
});
