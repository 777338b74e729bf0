import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MeshError, ToolError } from '../../errors.js';
import { bundledTool } from './bundled.js';
import { chartName, helmFailure, type HelmCallSubject } from './errors.js';
import { cachedHelmVersion, checkHelmVersion, checkPlainHttp, rememberHelmVersion } from './version.js';
import { runChecked, type Command, type Runner } from '../../process/runner.js';
import { findTool, type Env } from '../../process/find-binary.js';
import type { HelmAdapter } from './types.js';

export type { HelmAdapter, PullArgs, TemplateArgs } from './types.js';

/**
 * Go's collector runs at every 100% heap growth by default; templating a chart
 * is a short burst of allocation (Istio's 870 KB CRD file through fromYaml and
 * toYaml), where collecting a quarter as often saves about 15% of helm's time
 * for a few MB more memory. A GOGC the user set wins.
 */
const HELM_GOGC = '400';

export function helmAdapter(deps: { runner: Runner; env: Env; cacheDir: string; notice?: (message: string) => void }): HelmAdapter {
  const ensureInstalled = retryable(() => locate(deps.env, deps.cacheDir, deps.notice));
  // Once learned from helm itself, the version is known to later calls too, not only from the cache.
  let learned: string | undefined;
  const version = retryable(async () => (learned = await readVersion(deps.runner, deps.cacheDir, await ensureInstalled())));
  let known: Promise<string | undefined> | undefined;

  const helm = async (args: string[], subject: HelmCallSubject, signal: AbortSignal | undefined, input?: string): Promise<string> => {
    // The version check runs beside the command rather than before it: it is
    // almost always cached, and on a cold start it would delay every render.
    const checked = version();
    const command: Command = {
      tool: 'helm',
      bin: await ensureInstalled(),
      args,
      mutates: false,
      env: { GOGC: deps.env.GOGC ?? HELM_GOGC },
    };
    if (input !== undefined) command.input = input;
    let stdout: string;
    try {
      stdout = (await runChecked(deps.runner, command, signal === undefined ? {} : { signal })).stdout;
    } catch (error) {
      await checked; // a binary that is not helm, or too old, explains the failure better
      throw error instanceof ToolError ? helmFailure(error, subject) : error;
    }
    await checked;
    return stdout;
  };

  return {
    ensureInstalled,
    version,
    knownVersion: async () =>
      learned ??
      (await (known ??= (async () => {
        const cached = await cachedHelmVersion(deps.cacheDir, await ensureInstalled());
        return cached === undefined ? undefined : checkHelmVersion(cached, await ensureInstalled());
      })())),

    async pull(args, signal) {
      const oci = args.chart.startsWith('oci://');
      if (args.plainHttp && oci) checkPlainHttp(await version(), await ensureInstalled(), args.chart);
      await mkdir(args.destination, { recursive: true });
      // A directory of its own, so the one archive in it is the one helm just wrote.
      const scratch = await mkdtemp(join(args.destination, '.pull-'));
      try {
        const flags = [
          ...(args.repo && !oci ? ['--repo', args.repo] : []),
          ...(args.version ? ['--version', args.version] : []),
          ...(args.plainHttp && oci ? ['--plain-http'] : []),
        ];
        const subject: HelmCallSubject = { chart: args.chart, repo: args.repo, version: args.version };
        await helm(['pull', args.chart, ...flags, '--destination', scratch], subject, signal);
        const file = (await readdir(scratch)).find((name) => name.endsWith('.tgz'));
        if (file === undefined) throw new Error(`helm pull ${args.chart} exited 0 but wrote no .tgz into ${scratch}`);
        const archive = join(args.destination, file);
        await rename(join(scratch, file), archive);
        const resolved = versionFromFileName(file, chartName(args.chart)) ?? (await versionFromChart(archive, subject, signal));
        return { archive, version: resolved };
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },

    async dependencyBuild(args, signal) {
      if (args.plainHttp) checkPlainHttp(await version(), await ensureInstalled(), `the dependencies of ${args.shownChart}`);
      const flags = args.plainHttp ? ['--plain-http'] : [];
      await helm(['dependency', 'build', args.chartDir, ...flags], { chart: args.shownChart }, signal);
    },

    async template(args, signal) {
      const flags = [
        '--namespace',
        args.namespace,
        ...(args.includeCrds ? ['--include-crds'] : []),
        ...(args.kubeVersion ? ['--kube-version', args.kubeVersion] : []),
        ...(args.apiVersions ?? []).flatMap((v) => ['--api-versions', v]),
        ...(args.valuesFiles ?? []).flatMap((file) => ['--values', file]),
      ];
      // zx leaves the child's stdin open when the input is empty, and helm would wait on `-` forever.
      const subject: HelmCallSubject = { chart: args.shownChart ?? args.chartPath, rendering: true };
      if (args.valuesYaml.trim() === '') return helm(['template', args.release, args.chartPath, ...flags], subject, signal);
      return helm(['template', args.release, args.chartPath, ...flags, '--values', '-'], subject, signal, args.valuesYaml);
    },
  };

  async function versionFromChart(archive: string, subject: HelmCallSubject, signal: AbortSignal | undefined): Promise<string> {
    const chartYaml = await helm(['show', 'chart', archive], subject, signal);
    const match = /^version:\s*["']?([^"'\s]+)/m.exec(chartYaml);
    if (!match?.[1])
      throw new MeshError(`${basename(archive)} has no version in its Chart.yaml`, { hint: `check the chart ${subject.chart}` });
    return match[1];
  }
}

async function locate(env: Env, cacheDir: string, notice?: (message: string) => void): Promise<string> {
  // MESH_BUNDLED_TOOLS=0 insists on the user's own helm, e.g. to match a CI image.
  const found =
    findTool('helm', env)?.path ??
    (env.MESH_BUNDLED_TOOLS === '0' ? undefined : await bundledTool('helm', cacheDir, { env, ...(notice ? { notice } : {}) }));
  if (found !== undefined) return found;
  throw new MeshError('helm is not installed: mesh renders charts with it', {
    hint: 'install helm 3.8 or newer (https://helm.sh/docs/intro/install/), or set MESH_HELM to the path of a helm binary',
  });
}

async function readVersion(runner: Runner, cacheDir: string, bin: string): Promise<string> {
  const cached = await cachedHelmVersion(cacheDir, bin);
  if (cached !== undefined) return checkHelmVersion(cached, bin);
  const command: Command = { tool: 'helm', bin, args: ['version', '--template', '{{.Version}}'], mutates: false };
  const { stdout } = await runChecked(runner, command, { hint: `check that ${bin} is a working helm binary` });
  const version = checkHelmVersion(stdout, bin);
  await rememberHelmVersion(cacheDir, bin, version);
  return version;
}

/** `base-1.30.3.tgz` -> `1.30.3`, when the file is named after the chart as helm names it. */
function versionFromFileName(file: string, name: string): string | undefined {
  const prefix = `${name}-`;
  if (!file.startsWith(prefix) || !file.endsWith('.tgz')) return undefined;
  const version = file.slice(prefix.length, -'.tgz'.length);
  return /^v?\d/.test(version) ? version : undefined;
}

/** Remembers a promise's value, but not its failure, so installing helm mid-session works. */
function retryable<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (pending === undefined) {
      const attempt = make();
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) pending = undefined;
      });
    }
    return pending;
  };
}
