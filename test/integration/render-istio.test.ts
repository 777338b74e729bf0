import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, inject, test } from 'vitest';
import { mkIstioBase, mkIstioGateway, mkIstiod } from '../../lib/modules/istio.js';
import { istioChartsDir } from '../helpers/paths.js';
import { renderConfig, renderSetup } from '../helpers/render.js';

type Obj = { kind: string; metadata: { name: string }; [k: string]: unknown };

function objects(text: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as Obj | null;
    if (o?.kind) out.set(`${o.kind}/${o.metadata.name}`, o);
  }
  return out;
}

/** Plain `helm template RELEASE CHART -n istio-system [-f values]`: what mesh must reproduce. */
function plainHelm(release: string, chart: string, values?: object): Map<string, Obj> {
  const args = ['template', release, join(istioChartsDir, chart), '--namespace', 'istio-system'];
  if (values) {
    const file = join(renderSetup().dir, 'values.json');
    writeFileSync(file, JSON.stringify(values));
    args.push('--values', file);
  }
  return objects(execFileSync(inject('helmPath'), args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

async function meshRender(target: string, pkg: ReturnType<typeof mkIstiod>): Promise<Map<string, Obj>> {
  const setup = renderSetup();
  await renderConfig({ istio: { repo: inject('istioRepoUrl'), version: '1.30.3' }, packages: { [target]: pkg } }, setup);
  return objects(readFileSync(join(setup.dir, 'result', target, 'manifest.yaml'), 'utf8'));
}

/** Paths of leaves whose values differ between two JSON values. */
function diffPaths(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b ? [] : [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
}

describe('the Istio helpers against plain helm template of the real Istio 1.30.3 charts', () => {
  test.each([
    ['istio-base', 'base', mkIstioBase()],
    ['istiod', 'istiod', mkIstiod()],
    ['istio-ingressgateway', 'gateway', mkIstioGateway()],
  ])('with no overrides, release %s of chart %s renders the same objects', async (release, chart, pkg) => {
    const mine = await meshRender('target', pkg);
    const theirs = plainHelm(release, chart);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    expect(mine.size).toBeGreaterThan(0);
    for (const [id, object] of theirs) expect(mine.get(id), id).toEqual(object);
  });

  test('with pilot.resources.requests overridden, only what the override reaches differs', async () => {
    const values = { pilot: { resources: { requests: { cpu: '500m', memory: '2Gi' } } } };
    const plain = await meshRender('istiod', mkIstiod());
    const overridden = await meshRender('istiod', mkIstiod({ values }));
    expect(overridden).toEqual(plainHelm('istiod', 'istiod', values));
    const changed = [...plain.keys()].filter((id) => diffPaths(plain.get(id), overridden.get(id)).length > 0);
    expect(changed.sort()).toEqual(['ConfigMap/values', 'Deployment/istiod']);
    expect(diffPaths(plain.get('Deployment/istiod'), overridden.get('Deployment/istiod'))).toEqual([
      '.spec.template.spec.containers.0.resources.requests.memory',
    ]);
    const deployment = overridden.get('Deployment/istiod') as unknown as {
      spec: { template: { spec: { containers: Array<{ resources: unknown }> } } };
    };
    expect(deployment.spec.template.spec.containers[0]!.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' } });
  });
});
