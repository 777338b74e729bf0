import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { mkIstioBase, mkIstioGateway, mkIstiod } from '../../lib/modules/istio.js';
import { helmVerbs, renderConfig, renderSetup } from '../helpers/render.js';

const istio = () => ({ repo: inject('istioRepoUrl'), version: '1.30.3' });

describe('the render cache (real helm)', () => {
  test('a warm render of unchanged input starts no helm at all', async () => {
    const setup = renderSetup();
    const config = { istio: istio(), packages: { base: mkIstioBase(), istiod: mkIstiod(), gateway: mkIstioGateway() } };
    const cold = await renderConfig(config, setup);
    // mesh downloads the archives itself; helm only templates (and reports its version once).
    expect(helmVerbs(cold).sort()).toEqual(['template', 'template', 'template', 'version']);
    const before = readFileSync(join(setup.dir, 'result', 'manifest.yaml'));
    const warm = await renderConfig(config, setup, { out: 'again' });
    expect(warm.helm).toEqual([]);
    expect(warm.summary.rendered.every((r) => r.cached)).toBe(true);
    expect(readFileSync(join(setup.dir, 'again', 'manifest.yaml')).equals(before)).toBe(true);
  });

  test("changing one chart's values renders that chart again and nothing else", async () => {
    const setup = renderSetup();
    const config = (cpu: string) => ({
      istio: istio(),
      packages: { base: mkIstioBase(), istiod: mkIstiod({ values: { pilot: { resources: { requests: { cpu } } } } }) },
    });
    await renderConfig(config('500m'), setup);
    const second = await renderConfig(config('750m'), setup);
    expect(second.helm.map((args) => args.slice(0, 2).join(' '))).toEqual(['template istiod']);
    expect(readFileSync(join(setup.dir, 'result', 'istiod', 'manifest.yaml'), 'utf8')).toContain('cpu: 750m');
  });

  test('the key covers the release and namespace, not only the chart and values', async () => {
    const setup = renderSetup();
    const chart = (name: string, namespace: string) =>
      mkHelmChart({ name, chart: 'gateway', repo: inject('istioRepoUrl'), version: '1.30.3', namespace });
    await renderConfig({ packages: { gw: chart('edge', 'a') } }, setup);
    const renamed = await renderConfig({ packages: { gw: chart('edge2', 'a') } }, setup);
    const moved = await renderConfig({ packages: { gw: chart('edge2', 'b') } }, setup);
    expect(helmVerbs(renamed)).toEqual(['template']);
    expect(helmVerbs(moved)).toEqual(['template']);
    expect(readFileSync(join(setup.dir, 'result', 'gw', 'manifest.yaml'), 'utf8')).toContain('namespace: b');
  });

  test('a result that is already exactly right is left alone', async () => {
    const setup = renderSetup();
    const config = { istio: istio(), packages: { base: mkIstioBase() } };
    expect((await renderConfig(config, setup)).summary.written).toBe(true);
    expect((await renderConfig(config, setup)).summary.written).toBe(false);
  });

  test('result/ holds no mtimes: a touched file with the same bytes is left alone; one edited to the same size is written again', async () => {
    const setup = renderSetup();
    const config = { istio: istio(), packages: { base: mkIstioBase() } };
    expect((await renderConfig(config, setup)).summary.written).toBe(true);
    const result = join(setup.dir, 'result');
    expect(readFileSync(join(result, '.mesh-result.json'), 'utf8')).not.toMatch(/mtime/i);
    const manifest = join(result, 'base', 'manifest.yaml');
    const bytes = readFileSync(manifest, 'utf8');
    utimesSync(manifest, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await renderConfig(config, setup)).summary.written).toBe(false);
    // Also when mesh's cache is gone (a fresh clone of a committed result/): the content decides.
    rmSync(setup.cacheDir, { recursive: true, force: true });
    expect((await renderConfig(config, setup)).summary.written).toBe(false);
    writeFileSync(manifest, bytes.replace('kind: ServiceAccount', 'kind: ServiceAccounx'));
    expect((await renderConfig(config, setup)).summary.written).toBe(true);
    expect(readFileSync(manifest, 'utf8')).toBe(bytes);
  });
});
