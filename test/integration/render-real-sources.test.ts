import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x as untar } from 'tar';
import { parseAllDocuments } from 'yaml';
import { describe, expect, inject, test } from 'vitest';
import { mkHelmChart, type HelmChartInput } from '../../lib/modules/helm.js';
import { chartsRepoDir } from '../helpers/paths.js';
import { renderConfig, renderSetup } from '../helpers/render.js';

type Obj = Record<string, unknown>;

// Every real chart of ../shared/testdata/charts-repo, with a release namespace of its own.
const CHARTS = [
  { chart: 'pxc-operator', version: '1.20.0' },
  { chart: 'pxc-db', version: '1.20.0' },
  { chart: 'cert-manager', version: 'v0.0.0' },
  { chart: 'postgresql', version: '17.1.0' },
  { chart: 'kube-prometheus-stack', version: '88.5.3' },
];

/**
 * The objects of a manifest, comparable across helm runs: what helm
 * randomises (generated passwords and certificates, the checksums of them
 * in annotations, webhook CA bundles) is left out; everything else stays.
 */
function objects(text: string): Obj[] {
  const out = parseAllDocuments(text, { uniqueKeys: false })
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null && typeof o === 'object')
    .map((o) => normalize(o) as Obj);
  const id = (o: Obj) =>
    `${String(o.kind)}/${String((o.metadata as Obj | undefined)?.namespace)}/${String((o.metadata as Obj | undefined)?.name)}`;
  return out.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

function normalize(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => normalize(item));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Obj;
  const secret = object.kind === 'Secret';
  const entries = Object.entries(object)
    .filter(
      ([k]) => !(secret && (k === 'data' || k === 'stringData')) && k !== 'caBundle' && !(key === 'annotations' && /checksum/.test(k)),
    )
    .map(([k, v]) => [k, normalize(v, k)]);
  return Object.fromEntries(entries);
}

function plainHelm(chart: string, version: string, namespace: string): string {
  const archive = join(chartsRepoDir, `${chart}-${version}.tgz`);
  return execFileSync(inject('helmPath'), ['template', chart, archive, '--namespace', namespace, '--include-crds'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function meshRender(input: HelmChartInput): Promise<string> {
  const setup = renderSetup();
  // Objects of the same chart from another source are the same objects: only the source is under test here.
  await renderConfig({ packages: { app: mkHelmChart(input) } }, setup, { validate: false });
  return readFileSync(join(setup.dir, 'result', 'app', 'manifest.yaml'), 'utf8');
}

describe('each real chart renders the objects plain `helm template` gives, from every kind of source', () => {
  for (const { chart, version } of CHARTS) {
    test(`${chart} ${version}: repository, OCI registry, local .tgz and local folder`, async () => {
      const namespace = 'apps';
      const expected = objects(plainHelm(chart, version, namespace));
      expect(expected.length).toBeGreaterThan(0);
      const archive = join(chartsRepoDir, `${chart}-${version}.tgz`);
      const folder = mkdtempSync(join(tmpdir(), 'mesh-chart-'));
      await untar({ file: archive, cwd: folder });
      const common = { name: chart, namespace };
      const sources: Array<[string, HelmChartInput]> = [
        ['repository', { ...common, chart, repo: inject('chartsRepoUrl'), version }],
        // Where docker-registry is missing the OCI source is left out (the pretest says so).
        ...(inject('ociRegistry')
          ? [
              ['OCI registry', { ...common, chart: `oci://${inject('ociRegistry')}/charts/${chart}`, version, plainHttp: true }] as [
                string,
                HelmChartInput,
              ],
            ]
          : []),
        ['local .tgz', { ...common, chart: archive }],
        ['local folder', { ...common, chart: join(folder, chart) }],
      ];
      for (const [source, input] of sources) {
        expect(objects(await meshRender(input)), `${chart} from the ${source}`).toEqual(expected);
      }
    }, 120_000);
  }
});
