import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { expandList, parseDoc, splitDocuments } from '../../lib/render/documents.js';
import { cleanUpLifecycle, cluster, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';
import { chartsRepoDir } from '../helpers/paths.js';

cleanUpLifecycle();

// Every real upstream chart of ../shared/testdata/charts-repo, as a user would add it.
const CHARTS: Array<{
  name: string;
  packages: (repo: string) => string;
  helm: Array<[target: string, release: string, archive: string, ns: string]>;
}> = [
  {
    name: 'pxc-operator and pxc-db',
    packages: (repo) => `{
      'pxc-operator': mkHelmChart({ name: 'pxc-operator', chart: 'pxc-operator', repo: '${repo}', version: '1.20.0', namespace: 'db' }),
      'pxc-db': mkHelmChart({ name: 'pxc-db', chart: 'pxc-db', repo: '${repo}', version: '1.20.0', namespace: 'db', needs: ['pxc-operator'] }),
    }`,
    helm: [
      ['pxc-operator', 'pxc-operator', 'pxc-operator-1.20.0.tgz', 'db'],
      ['pxc-db', 'pxc-db', 'pxc-db-1.20.0.tgz', 'db'],
    ],
  },
  {
    name: 'cert-manager',
    packages: (repo) =>
      `{ 'cert-manager': mkHelmChart({ name: 'cert-manager', chart: 'cert-manager', repo: '${repo}', version: 'v0.0.0', namespace: 'cert-manager', values: { crds: { enabled: true } } }) }`,
    helm: [['cert-manager', 'cert-manager', 'cert-manager-v0.0.0.tgz', 'cert-manager']],
  },
  {
    name: 'postgresql',
    packages: (repo) =>
      `{ postgresql: mkHelmChart({ name: 'pg', chart: 'postgresql', repo: '${repo}', version: '17.1.0', namespace: 'db', values: { auth: { postgresPassword: 'fixed-for-tests' } } }) }`,
    helm: [['postgresql', 'pg', 'postgresql-17.1.0.tgz', 'db']],
  },
  {
    name: 'kube-prometheus-stack',
    packages: (repo) =>
      `{ kps: mkHelmChart({ name: 'kps', chart: 'kube-prometheus-stack', repo: '${repo}', version: '88.5.3', namespace: 'monitoring' }) }`,
    helm: [['kps', 'kps', 'kube-prometheus-stack-88.5.3.tgz', 'monitoring']],
  },
];

/** kind/namespace/name of every object of a manifest, Lists expanded, sorted. */
function identities(manifest: string, namespace: string): string[] {
  return splitDocuments(manifest)
    .flatMap((doc) => expandList(parseDoc(doc.text)))
    .filter((o): o is { kind: string; metadata: { name: string; namespace?: string } } => !!o && typeof o === 'object' && 'kind' in o)
    .map((o) => `${o.kind}/${o.metadata.namespace ?? namespace}/${o.metadata.name}`)
    .sort();
}

describe.each(CHARTS)('a real upstream chart, $name, from mesh render to mesh deploy (fake k3d, kubectl, docker; real helm)', (chart) => {
  test('renders the objects plain helm template renders, and deploys', async () => {
    const tools = fakes();
    const port = 18600 + CHARTS.indexOf(chart) * 10;
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(port)} }, packages: ${chart.packages(inject('chartsRepoUrl'))} }`);
    const rendered = await mesh(tools, cwd, ['render']);
    expect(rendered.code, said(rendered)).toBe(0);

    const helm = inject('helmPath');
    const plain = chart.helm.flatMap(([, release, archive, ns]) => {
      const args = ['template', release, join(chartsRepoDir, archive), '--namespace', ns, '--include-crds'];
      if (release === 'cert-manager') args.push('--set', 'crds.enabled=true');
      if (release === 'pg') args.push('--set', 'auth.postgresPassword=fixed-for-tests');
      return identities(execFileSync(helm, args, { encoding: 'utf8', maxBuffer: 1 << 28 }), ns);
    });
    const ours = chart.helm.flatMap(([target, , , ns]) =>
      identities(readFileSync(join(cwd, 'result', target, 'manifest.yaml'), 'utf8'), ns),
    );
    expect(ours.sort()).toEqual(plain.sort());

    const deployed = await mesh(tools, cwd, ['deploy']);
    expect(deployed.code, said(deployed)).toBe(0);
    const again = await mesh(tools, cwd, ['deploy']);
    expect(again.code, said(again)).toBe(0);
  });
});
