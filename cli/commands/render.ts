import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mark } from '../../lib/process/timings.js';
import type { Loaded } from '../../config/load.js';
import type { RenderSummary } from '../../lib/render/render.js';
import { isCI, type Context } from '../context.js';
import { Option } from 'commander';
import { DEFAULT_OUT_DIR, LOCK_FILE } from '../../lib/model/defaults.js';
import type { Register } from '../host.js';

interface RenderFlags {
  out: string;
  locked?: boolean;
  update?: boolean;
  validate: boolean;
  format: 'result' | 'kustomize' | 'argocd' | 'flux';
  json?: boolean;
}

export const registerRender: Register = (program, host) => {
  program
    .command('render')
    .description('render targets to result/ (all when none named), as `nix build` did')
    .argument('[targets...]', 'targets to render (see `mesh list`)')
    .option('-o, --out <dir>', 'output folder', DEFAULT_OUT_DIR)
    .addOption(new Option('--locked', 'refuse charts missing from mesh.lock.json or whose digest differs from it').conflicts('update'))
    .option('--update', 're-resolve chart versions and record them in mesh.lock.json')
    .addOption(new Option('--no-validate', 'skip the offline validation of rendered objects'))
    .addOption(
      new Option('--format <format>', 'result/ as the flake wrote it, or folders for kustomize, Argo CD or Flux')
        .choices(['result', 'kustomize', 'argocd', 'flux'])
        .default('result'),
    )
    .option('--json', 'print a JSON summary')
    .action(async (targets: string[], flags: RenderFlags) => {
      host.json(flags.json);
      await render(host.context(), targets, flags);
    });
};

/** `mesh render [TARGET...]`: what `nix build .#<target>` did, into result/. */
async function render(ctx: Context, targets: string[], flags: RenderFlags): Promise<void> {
  const loaded = await ctx.load();
  mark('config loaded');
  const { model } = loaded;
  const { render: renderModel } = await import('../../lib/render/render.js');
  const outDir = resolve(ctx.deps.cwd, flags.out);
  const lockMode = flags.locked ? 'frozen' : isCI(ctx.deps.env) ? 'verify' : 'write';
  const summary = await ctx.exclusive(model.dir, `mesh render${targets.length ? ` ${targets.join(' ')}` : ''}`, () =>
    renderModel(
      model,
      {
        select: targets,
        outDir,
        shownOut: flags.out,
        validate: flags.validate,
        lockMode,
        update: flags.update ?? false,
        format: flags.format,
        signal: ctx.deps.signal,
      },
      {
        helm: () => ctx.helm(),
        cacheDir: ctx.cacheDir,
        env: ctx.deps.env,
        warn: (message) => ctx.warn(message),
        onTarget: (done) => {
          if (!flags.json && ctx.options.verbose) ctx.deps.stderr(`rendered ${done.name}${done.cached ? ' (cached)' : ''}\n`);
        },
      },
    ),
  );
  const shownOut = relative(ctx.deps.cwd, outDir) || '.';
  const stdout = flags.json ? `${JSON.stringify(toJson(summary, shownOut, flags.format), null, 2)}\n` : toText(summary, shownOut);
  mark('written');
  ctx.deps.stdout(stdout);
  // A run that changed nothing is what the next identical one may repeat without loading the CLI.
  if (!summary.written && !summary.lockUpdated && !flags.update && !ctx.options.verbose) {
    await stampUnchanged(ctx, loaded, outDir, stdout);
  }
}

async function stampUnchanged(ctx: Context, loaded: Loaded, outDir: string, stdout: string): Promise<void> {
  const [{ recordStamp }, { maskSecrets, secretEnvValues }, { chartSourceKind }, { builtinPackageFile }] = await Promise.all([
    import('../../lib/render/fast/record.js'),
    import('../../lib/process/mask.js'),
    import('../../lib/modules/chart-source.js'),
    import('../../lib/render/validate/builtin-package.js'),
  ]);
  const { model, inputs } = loaded;
  const secrets = secretEnvValues(ctx.deps.env);
  const local = model.targets.flatMap((t) => (t.kind === 'chart' && chartSourceKind(t.chart) === 'local' ? [t.chart.chart] : []));
  const valuesFiles = model.targets.flatMap((t) => (t.kind === 'chart' ? (t.chart.valuesFiles ?? []) : []));
  recordStamp({
    cacheDir: ctx.cacheDir,
    argv: ctx.invocation.argv,
    cwd: ctx.deps.cwd,
    color: ctx.deps.color,
    env: ctx.invocation.env,
    entry: fileURLToPath(new URL('../../dist/cli-bundle/mesh.cjs', import.meta.url)),
    configEnv: inputs.env,
    // kubernetes-models installed or removed changes what validation checks.
    files: [model.file, ...inputs.files, ...inputs.absent, join(model.dir, LOCK_FILE), builtinPackageFile(model.dir), ...valuesFiles],
    charts: local.map((path) => resolve(model.dir, path)),
    helm: model.targets.some((t) => t.kind === 'chart') ? await (await ctx.helm()).ensureInstalled() : undefined,
    outDir,
    stdout: maskSecrets(stdout, secrets),
    stderr: maskSecrets(ctx.warned.join(''), secrets),
  });
}

function toJson(summary: RenderSummary, out: string, format: RenderFlags['format']) {
  return {
    schemaVersion: 1,
    out,
    format,
    written: summary.written,
    lockUpdated: summary.lockUpdated,
    targets: [
      ...summary.plan.manifests.map((t) => {
        const done = summary.rendered.find((r) => r.name === t.name)!;
        return {
          name: t.name,
          kind: t.kind,
          role: t.role,
          cached: done.cached,
          ...(done.chart ? { chart: { version: done.chart.version ?? null, digest: done.chart.digest, pulled: done.chart.pulled } } : {}),
          files: summary.files.filter((f) => f === `${t.name}/manifest.yaml` || f.startsWith(`targets/${t.name}/`)),
        };
      }),
      ...summary.plan.clusters.map((c) => ({
        name: c.name,
        kind: 'cluster',
        files: summary.files.filter(
          (f) =>
            [c.name, `clusters/${c.name}`, `argocd/${c.name}`, `flux/${c.name}`].some((dir) => f.startsWith(`${dir}/`)) ||
            f === `argocd/${c.name}.yaml`,
        ),
      })),
      ...summary.plan.scripts.map((s) => ({
        name: s.name,
        kind: 'k3d-script',
        files: summary.files.filter((f) => f.startsWith(`${s.name}/`)),
      })),
    ],
    files: summary.files,
  };
}

function toText(summary: RenderSummary, out: string): string {
  const charts = summary.rendered.filter((r) => r.chart);
  const fromHelm = charts.filter((r) => !r.cached).length;
  const pulled = charts.filter((r) => r.chart?.pulled).length;
  const names = [
    ...summary.plan.manifests.map((t) => t.name),
    ...summary.plan.clusters.map((c) => c.name),
    ...summary.plan.scripts.map((s) => s.name),
  ];
  const how = `${fromHelm} rendered by helm, ${charts.length - fromHelm} from cache${pulled ? `, ${pulled} downloaded` : ''}`;
  const head = summary.written ? `wrote ${out}/ (${summary.files.length} files)` : `${out}/ is up to date`;
  const lock = summary.lockUpdated ? '\nupdated mesh.lock.json' : '';
  return `${head}: ${names.join(', ')}\ncharts: ${how}${lock}\n`;
}
