import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from '../../model/defaults.js';
import { ConfigError, MeshError } from '../../errors.js';
import { didYouMean } from '../../text/suggest.js';
import { withToolOutput } from '../../process/tool-output.js';
import { chartSourceKind } from '../../modules/chart-source.js';
import type { HelmChart } from '../../modules/types.js';
import { fileDigest, treeDigest } from '../digest.js';
import { Lock } from './lock.js';
import { withDependencies } from './dependency-build.js';
import type { FetchedChart, RepoFetcher } from './repo-fetch.js';

export type { LockMode, ResolvedChart, SourceDeps } from './types.js';
import type { ResolvedChart, SourceDeps } from './types.js';

/** Finds the bytes of a chart: the cache when the lock knows its digest, else a download (mesh's own, or `helm pull`). */
export async function resolveChart(chart: HelmChart, deps: SourceDeps): Promise<ResolvedChart> {
  if (chartSourceKind(chart) === 'local') return withDependencies(chart, await localChart(chart.chart), deps);
  const key = Lock.key(chart);
  const locked = deps.update ? undefined : deps.lock.get(key);
  if (locked && deps.cache.hasChart(locked.digest)) {
    return { path: deps.cache.chartPath(locked.digest), digest: locked.digest, version: locked.version, pulled: false };
  }
  if (!locked && deps.mode === 'frozen') {
    throw new MeshError(`${LOCK_FILE} has no entry for ${key}`, {
      hint: 'run `mesh render` without --locked once to resolve the chart and record it, then commit the lock file',
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'mesh-pull-'));
  try {
    const direct = locked?.url && deps.fetcher ? await deps.fetcher.fetchLocked({ ...locked, url: locked.url, chart: chart.chart, destination: dir, signal: deps.signal }) : undefined;
    if (direct) return { path: deps.cache.putChart(direct.archive, direct.digest), digest: direct.digest, version: direct.version, pulled: true };
    const { digest, ...pulled } = await download(chart, locked?.version ?? chart.version, dir, deps);
    if (locked && locked.digest !== digest) {
      const message = `${key}: the archive of version ${pulled.version} has digest ${digest}, but ${LOCK_FILE} recorded ${locked.digest}`;
      if (deps.mode !== 'write') {
        throw new MeshError(message, {
          hint: 'the chart was republished or the repo is not the locked one; if the new archive is trusted, run `mesh render --update` to record it',
        });
      }
      deps.warn(`${message}; recording the new digest`);
    }
    deps.lock.set(key, { version: pulled.version, digest, ...(pulled.url ? { url: pulled.url } : {}) });
    return { path: deps.cache.putChart(pulled.archive, digest), digest, version: pulled.version, pulled: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function download(chart: HelmChart, version: string | undefined, dir: string, deps: SourceDeps): Promise<FetchedChart> {
  if (deps.fetcher && chart.repo && version && chartSourceKind(chart) === 'repo') {
    // `helm template` needs helm's version next; finding it (maybe a `helm version`) overlaps the download.
    deps
      .helm()
      .then((helm) => helm.version())
      .catch(() => {
        // The same call is made again before templating, and its failure is reported there.
      });
    const fetched = await deps.fetcher.fetchChart({
      repo: chart.repo,
      chart: chart.chart,
      version,
      destination: dir,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    if (fetched) return fetched;
  }
  const helm = await deps.helm();
  const pulled = await helm
    .pull(
      {
        chart: chart.chart,
        destination: dir,
        ...(chart.repo ? { repo: chart.repo } : {}),
        ...(version ? { version } : {}),
        ...(chart.plainHttp ? { plainHttp: true } : {}),
      },
      deps.signal,
    )
    .catch(async (error: unknown) => {
      throw chart.repo && deps.fetcher ? await notInRepository(error, chart, deps.fetcher, deps.signal) : error;
    });
  return { ...pulled, digest: await fileDigest(pulled.archive) };
}

async function localChart(path: string): Promise<ResolvedChart> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new ConfigError(`chart ${path} does not exist`, {
      hint: "a chart that is not oci:// and has no repo is a local path; relative paths start at the config file's folder",
    });
  }
  return { path, digest: isDir ? treeDigest(path) : await fileDigest(path), version: undefined, pulled: false };
}

/**
 * helm says a chart or version "not found"; the repository's own index says
 * which: a misspelt name gets a did-you-mean, a missing version the versions
 * there are.
 */
async function notInRepository(error: unknown, chart: HelmChart, fetcher: RepoFetcher, signal?: AbortSignal): Promise<unknown> {
  const stderr = error instanceof MeshError ? String((error.cause as { stderr?: unknown } | undefined)?.stderr ?? '') : '';
  if (!/not found in .* repository/.test(stderr)) return error;
  const listing = await fetcher.listing(chart.repo!, chart.chart, signal);
  if (listing === undefined) return error;
  // A chart or version that is not there cannot be fetched: exit 1, as README's exit codes say.
  const fail = (summary: string, hint: string) => new MeshError(withToolOutput(summary, 'helm', stderr), { hint, cause: error });
  if (listing.versions.length === 0) {
    return fail(
      `chart "${chart.chart}" is not in the repository ${chart.repo}${didYouMean(chart.chart, listing.charts)}`,
      `check the chart name; the repository has: ${listing.charts.join(', ') || '(no charts)'}`,
    );
  }
  const shown = listing.versions.slice(0, 10).join(', ');
  return fail(
    `chart "${chart.chart}" has no version "${chart.version}" in the repository ${chart.repo}`,
    `it has ${shown}${listing.versions.length > 10 ? ', ...' : ''}; give one of them, or leave version out to use the newest`,
  );
}
