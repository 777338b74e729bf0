import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { ContentCache } from '../../lib/render/cache.js';
import { describe, expect, inject, it, vi } from 'vitest';
import { chartCrdDocuments, templateKinds } from '../../lib/render/chart-crds.js';
import { unpackArchive } from '../../lib/render/charts/unpacked-archive.js';
import { isCrd, splitDocuments } from '../../lib/render/documents.js';
import { chartsRepoDir } from '../helpers/paths.js';

const helmCrds = (archive: string) =>
  splitDocuments(
    execFileSync(inject('helmPath'), ['template', 'r', archive, '--include-crds', '--set', 'grafana.adminPassword=fixed'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  )
    .filter(isCrd)
    .map((doc) => doc.text);

describe("a packaged chart's CRDs, known before helm runs (real helm, real charts)", () => {
  // kube-prometheus-stack keeps its 10 CRDs in a subchart, each file led by a comment and its own `---`;
  // pxc-operator's 3 are one file of its own crds/ folder.
  for (const [chart, count] of [
    ['kube-prometheus-stack-88.5.3.tgz', 10],
    ['pxc-operator-1.20.0.tgz', 3],
  ] as const) {
    it(`are the very documents helm prints for ${chart}, text for text`, () => {
      const archive = join(chartsRepoDir, chart);
      const known = chartCrdDocuments(unpackArchive(archive));
      expect(known).toHaveLength(count);
      expect(known).toEqual(helmCrds(archive));
    });
  }

  it('are none for a chart whose CRDs are templates (cert-manager), which helm prints only once rendered', () => {
    const archive = join(chartsRepoDir, 'cert-manager-v0.0.0.tgz');
    expect(chartCrdDocuments(unpackArchive(archive))).toEqual([]);
  });

  // Heads are remembered per process: each case loads the modules afresh.
  const fresh = async () => {
    vi.resetModules();
    const [meanwhile, unpacked] = await Promise.all([
      import('../../lib/render/chart-crds.js'),
      import('../../lib/render/charts/unpacked-archive.js'),
    ]);
    return { ...meanwhile, ...unpacked, cache: new ContentCache(mkdtempSync(join(tmpdir(), 'mesh-cache-'))) };
  };
  const heads = (cache: ContentCache) =>
    existsSync(join(cache.dir, 'crds')) ? readdirSync(join(cache.dir, 'crds')).filter((f) => f.endsWith('.head.json')) : [];
  const KPS = join(chartsRepoDir, 'kube-prometheus-stack-88.5.3.tgz');

  const wholeKinds = (cache: ContentCache) =>
    existsSync(join(cache.dir, 'crds'))
      ? readdirSync(join(cache.dir, 'crds'))
          .filter((f) => !f.endsWith('.head.json'))
          .map(
            (f) => (JSON.parse(readFileSync(join(cache.dir, 'crds', f), 'utf8')) as { spec: { names: { kind: string } } }).spec.names.kind,
          )
          .sort()
      : [];

  it('have their heads read while helm runs, one per turn, then whole the CRDs of kinds the templates name', async () => {
    const { readCrdsMeanwhile, unpackArchive, cache } = await fresh();
    unpackArchive(KPS);
    readCrdsMeanwhile(KPS, cache, new Promise(() => undefined));
    expect(heads(cache)).toHaveLength(0);
    for (let i = 0; i < 11; i++) await turn();
    expect(heads(cache)).toHaveLength(10);
    expect(wholeKinds(cache)).toEqual([]);
    for (let i = 0; i < 20; i++) await turn();
    // Its templates never name AlertmanagerConfig or Probe, so no object of theirs can come out of helm.
    expect(wholeKinds(cache)).toEqual(
      [
        'Alertmanager',
        'PodMonitor',
        'Prometheus',
        'PrometheusAgent',
        'PrometheusRule',
        'ScrapeConfig',
        'ServiceMonitor',
        'ThanosRuler',
      ].sort(),
    );
  });

  it("knows the kinds a chart's templates name, its subcharts' included", () => {
    const kinds = templateKinds(unpackArchive(KPS));
    for (const kind of ['Prometheus', 'ServiceMonitor', 'Deployment', 'ClusterRole']) expect(kinds).toContain(kind);
    for (const kind of ['AlertmanagerConfig', 'Probe']) expect(kinds).not.toContain(kind);
  });

  it('stop reading heads once helm is done: what is left is read when needed', async () => {
    const { readCrdsMeanwhile, unpackArchive, cache } = await fresh();
    unpackArchive(KPS);
    let finish = () => undefined as void;
    readCrdsMeanwhile(KPS, cache, new Promise<void>((resolve) => (finish = resolve)));
    for (let i = 0; i < 3; i++) await turn();
    finish();
    for (let i = 0; i < 20; i++) await turn();
    expect(heads(cache).length).toBeGreaterThan(0);
    expect(heads(cache).length).toBeLessThan(10);
  });

  it('are left alone for an archive this process has not unpacked: a later render has their heads cached', async () => {
    const { readCrdsMeanwhile, cache } = await fresh();
    readCrdsMeanwhile(KPS, cache, new Promise(() => undefined));
    for (let i = 0; i < 20; i++) await turn();
    expect(heads(cache)).toHaveLength(0);
  });
});
