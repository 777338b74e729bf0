import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from '../test/helpers/chart-server.js';
import { realHelmPath } from '../test/helpers/helm.js';
import { istioRepoDir, projectRoot } from '../test/helpers/paths.js';
import { makeProject } from '../test/helpers/project.js';
import { interleave, median, once, type Command } from './measure.js';
import { benchUp } from './up.js';
import { benchKps } from './kps.js';
import { benchPxc } from './pxc.js';
import { phases } from './phases.js';

/**
 * `npm run bench`: mesh against plain helm and plain node, measured side by
 * side in one run on this machine. Prints each ratio next to its target.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const mesh = join(projectRoot, 'bin', 'mesh.js');

const helm = await realHelmPath();
const repo = await startStaticServer(istioRepoDir);
const project = makeProject({ 'mesh.config.ts': readFileSync(join(projectRoot, 'bench', 'istio.config.ts'), 'utf8') });
// Cold runs remove the lock and result that warm ones rely on: they get a project of their own.
const coldProject = makeProject({ 'mesh.config.ts': readFileSync(join(projectRoot, 'bench', 'istio.config.ts'), 'utf8') });
const env = { MESH_HELM: helm, MESH_ISTIO_REPO: repo.url, MESH_ISTIO_VERSION: '1.30.3', CI: '' };
const warmCache = join(project, '.cache-warm');
const timings = join(project, 'timings.jsonl');
const coldCache = join(project, '.cache-cold');
const render = (label: string, cache: string, extra: Partial<Command> = {}): Command => ({
  label,
  argv: [process.execPath, mesh, 'render', '--config', join(project, 'mesh.config.ts')],
  cwd: project,
  env: { ...env, MESH_CACHE_DIR: cache },
  ...extra,
});
const helmTemplates: Command = {
  label: '3 x helm template',
  argv: [
    '/bin/sh',
    '-c',
    ['base:istio-base', 'istiod:istiod', 'gateway:istio-ingressgateway']
      .map((pair) => {
        const [chart, release] = pair.split(':');
        return `"${helm}" template ${release} ${chart} --repo ${repo.url} --version 1.30.3 --namespace istio-system >/dev/null`;
      })
      .join(' && '),
  ],
};

try {
  // Warm with nothing changed renders into a folder of its own, which the other runs never touch.
  const current = ['--out', 'result-current'];
  const unchanged = render('mesh render (warm, result current)', warmCache, {
    argv: [process.execPath, mesh, 'render', '--config', join(project, 'mesh.config.ts'), ...current],
  });
  await once(render('prime the warm cache', warmCache));
  await once(unchanged);
  const coldRender = (label: string, before: () => void, extraEnv: Record<string, string> = {}): Command =>
    render(label, coldCache, {
      argv: [process.execPath, mesh, 'render', '--config', join(coldProject, 'mesh.config.ts')],
      cwd: coldProject,
      env: { ...env, MESH_CACHE_DIR: coldCache, ...extraEnv },
      before: () => {
        rmSync(coldCache, { recursive: true, force: true });
        rmSync(join(coldProject, 'mesh.lock.json'), { force: true });
        rmSync(join(coldProject, 'result'), { recursive: true, force: true });
        before();
      },
    });
  const [helmRuns, warmSame, warmRewrite, cold, firstRun] = await interleave(
    [
      helmTemplates,
      unchanged,
      render('mesh render (warm, result rewritten)', warmCache, {
        before: () => rmSync(join(project, 'result'), { recursive: true, force: true }),
      }),
      coldRender('mesh render (cold cache)', () => undefined, { MESH_TIMINGS: timings }),
      // As the first run after installing mesh: not even mesh's own compiled code is kept yet.
      coldRender('mesh render (cold, first run after install)', () =>
        rmSync(join(projectRoot, 'dist', '.code-cache'), { recursive: true, force: true }),
      ),
    ],
    RUNS,
  );
  const [node, version] = await interleave(
    [
      { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      { label: 'mesh --version', argv: [process.execPath, mesh, '--version'] },
    ],
    RUNS * 2,
  );
  const up = await benchUp(
    { MESH_HELM: helm, MESH_ISTIO_REPO: repo.url, MESH_ISTIO_VERSION: '1.30.3', MESH_CACHE_DIR: warmCache, CI: '' },
    Math.max(3, Math.round(RUNS / 3)),
  );
  const kps = await benchKps(helm, Math.max(3, Math.round(RUNS / 5)));
  const pxc = await benchPxc(helm, Math.max(5, Math.round(RUNS / 2)));
  const ms = (samples: typeof node) => median(samples!.map((s) => s.ms));
  const rss = (samples: typeof node) => Math.max(...samples!.map((s) => s.rssMiB));
  const rows: Array<[string, string, string, string]> = [
    ['warm mesh render / 3 x helm template', ratio(ms(warmSame), ms(helmRuns)), '<= 0.20x', `${fmt(ms(warmSame))} vs ${fmt(ms(helmRuns))}`],
    [
      '  (result/ deleted first, so rewritten)',
      ratio(ms(warmRewrite), ms(helmRuns)),
      '',
      `${fmt(ms(warmRewrite))} vs ${fmt(ms(helmRuns))}`,
    ],
    ['cold mesh render / 3 x helm template', ratio(ms(cold), ms(helmRuns)), '<= 1.0x', `${fmt(ms(cold))} vs ${fmt(ms(helmRuns))}`],
    ['  cold path, ms since start (median)', '', '', phases(timings)],
    [
      '  (first run after install: mesh itself not yet compiled)',
      ratio(ms(firstRun), ms(helmRuns)),
      '',
      `${fmt(ms(firstRun))} vs ${fmt(ms(helmRuns))}`,
    ],
    ['cold mesh render / helm template (pxc-operator)', ratio(pxc.cold, pxc.helm), '<= 1.5x', `${fmt(pxc.cold)} vs ${fmt(pxc.helm)}`],
    ['warm mesh render / helm template (pxc-operator)', ratio(pxc.warm, pxc.helm), '<= 0.5x', `${fmt(pxc.warm)} vs ${fmt(pxc.helm)}`],
    ['mesh --version / node -e 0', ratio(ms(version), ms(node)), '<= 1.2x', `${fmt(ms(version))} vs ${fmt(ms(node))}`],
    ['peak memory of mesh render (cold)', `${rss(cold).toFixed(0)} MiB`, '<= 150 MB', `warm: ${rss(warmRewrite).toFixed(0)} MiB`],
    [
      'mesh up / its critical path (fake tools, 100 ms each)',
      ratio(up.wall1, up.critical1),
      '<= 1.10x',
      `${fmt(up.wall1)} vs ${fmt(up.critical1)}`,
    ],
    ['mesh up, two clusters / one', ratio(up.wall2, up.wall1), '<= 1.15x', `${fmt(up.wall2)} vs ${fmt(up.wall1)}`],
    ['peak memory of mesh up', `${up.rssMiB.toFixed(0)} MiB`, '<= 150 MB', ''],
    [
      'warm mesh render / helm template (kube-prometheus-stack)',
      ratio(kps.warm, kps.helm),
      '<= 1.0x',
      `${fmt(kps.warm)} vs ${fmt(kps.helm)}`,
    ],
    [
      'cold mesh render / helm template (kube-prometheus-stack)',
      ratio(kps.cold, kps.helm),
      '<= 2.0x',
      `${fmt(kps.cold)} vs ${fmt(kps.helm)}`,
    ],
    [
      'one value changed / helm template (kube-prometheus-stack)',
      ratio(kps.changed, kps.helm),
      '<= 2.0x',
      `${fmt(kps.changed)} vs ${fmt(kps.helm)}`,
    ],
  ];
  print(rows);
  writeFileSync(
    join(projectRoot, 'bench', 'last-run.json'),
    `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, rows }, null, 2)}\n`,
  );
} finally {
  await repo.close();
  rmSync(project, { recursive: true, force: true });
  rmSync(coldProject, { recursive: true, force: true });
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}x`;
}

function fmt(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}

function print(rows: Array<[string, string, string, string]>): void {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`mesh benchmark: median of ${RUNS} interleaved runs each, on ${process.platform}/${process.arch}, node ${process.version}\n`);
  for (const row of rows)
    console.log(`${row[0].padEnd(widths[0]!)}  ${row[1].padStart(widths[1]!)}  ${row[2].padEnd(widths[2]!)}  ${row[3]}`);
}
