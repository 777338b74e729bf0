import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LOCK_FILE } from '../../model/defaults.js';
import { ConfigError, MeshError } from '../../errors.js';
import { fetchFailure } from './dependency-errors.js';
import type { HelmChart } from '../../modules/types.js';
import { canonicalJson, fileDigest, sha256, treeDigest } from '../digest.js';
import { absoluteFileRepository, fileDependencyDir, missingDependencies, readChartArchive, readChartFolder, type ChartFiles } from './dependencies.js';
import { Lock } from './lock.js';
import type { ResolvedChart, SourceDeps } from './types.js';

const require = createRequire(import.meta.url);

interface Pinned {
  name: string;
  repository: string;
  /** The exact version to fetch, or the Chart.yaml constraint when nothing pins it yet. */
  version: string | undefined;
  /** The lock entry of a dependency from a repository; none for `file://`. */
  lockKey?: string;
  /** A `file://` dependency's folder digest: its content is part of what is built. */
  tree?: string;
}

interface Built {
  /** The folder under the cache's built/ that holds the chart with its dependencies. */
  dir: string;
  digest: string;
  locked: Array<{ key: string; version: string; digest: string }>;
}

/**
 * A local chart whose Chart.yaml declares dependencies missing from its
 * charts/ folder gets them as `helm dependency build` would, in a copy under
 * mesh's cache: the user's chart folder is never written. Versions come from
 * mesh.lock.json, else the chart's own Chart.lock, else helm resolves the
 * constraint; what was fetched is recorded in the lock like any chart.
 */
export async function withDependencies(chart: HelmChart, local: ResolvedChart, deps: SourceDeps): Promise<ResolvedChart> {
  const isDir = statSync(local.path).isDirectory();
  // Most local charts declare no dependencies; telling so costs one small read. A chart without Chart.yaml is helm's to refuse.
  const chartYaml = join(local.path, 'Chart.yaml');
  const quick = isDir && !(existsSync(chartYaml) && /^dependencies:/m.test(readFileSync(chartYaml, 'utf8')));
  if (quick || deps.cache.readEntry('built', `${local.digest}.complete`) !== undefined) return local;
  const files = isDir ? readChartFolder(local.path, chart.chart) : await readChartArchive(local.path, chart.chart);
  if (missingDependencies(files).length === 0) {
    deps.cache.putEntry('built', `${local.digest}.complete`, '');
    return local;
  }
  const pins = files.dependencies.map((d) => pin(d, files, chart, local.path, deps));
  const key = buildKey(local.digest, pins);
  let built = readBuilt(deps.cache.readEntry('built', `${key}.json`));
  if (built === undefined || !existsSync(join(deps.cache.dir, 'built', built.dir))) {
    built = await build(chart, local, isDir, files, pins, deps);
    // Found again under what was asked and under the exact versions fetched, which the lock pins from now on.
    deps.cache.putEntry('built', `${key}.json`, JSON.stringify(built));
  }
  for (const entry of built.locked) record(entry, deps);
  const dir = join(deps.cache.dir, 'built', built.dir);
  return { ...local, path: join(dir, readdirSync(dir)[0]!), digest: built.digest };
}

function buildKey(chartDigest: string, pins: readonly Pinned[]): string {
  return sha256(canonicalJson({ chart: chartDigest, pins }));
}

function pin(d: ChartFiles['dependencies'][number], files: ChartFiles, chart: HelmChart, chartPath: string, deps: SourceDeps): Pinned {
  if (d.repository.startsWith('file://')) return { name: d.name, repository: d.repository, version: d.version, tree: treeDigest(fileDependencyDir(d.repository, chartPath)) };
  if (d.repository === '') {
    throw new ConfigError(`chart ${chart.chart} declares the dependency ${d.name} without a repository, and its charts/ folder does not have it`, {
      hint: `put the ${d.name} chart into the charts/ folder, or give the dependency a repository in Chart.yaml`,
    });
  }
  const lockKey = Lock.key({ chart: d.name, repo: d.repository, version: d.version });
  const own = files.locked.get(d.name);
  const ownVersion = own?.repository === d.repository ? own.version : undefined;
  const locked = deps.update ? undefined : (deps.lock.get(lockKey)?.version ?? ownVersion);
  if (!deps.lock.get(lockKey) && deps.mode === 'frozen') {
    throw new MeshError(`${LOCK_FILE} has no entry for ${lockKey}, a dependency of chart ${chart.chart}`, {
      hint: 'run `mesh render` without --locked once to resolve the dependency and record it, then commit the lock file',
    });
  }
  return { name: d.name, repository: d.repository, version: locked ?? d.version, lockKey };
}

async function build(chart: HelmChart, local: ResolvedChart, isDir: boolean, files: ChartFiles, pins: Pinned[], deps: SourceDeps): Promise<Built> {
  const path = local.path;
  mkdirSync(join(deps.cache.dir, 'built'), { recursive: true });
  const work = mkdtempSync(join(deps.cache.dir, 'built', '.work-'));
  try {
    const name = files.name || 'chart';
    if (isDir) cpSync(path, join(work, name), { recursive: true });
    else await (require('tar') as typeof import('tar')).x({ file: path, cwd: work });
    const copy = join(work, readdirSync(work)[0]!);
    rewriteChartYaml(copy, pins, isDir ? path : join(path, '..'));
    const helm = await deps.helm();
    await helm.dependencyBuild({ chartDir: copy, shownChart: chart.chart, ...(chart.plainHttp ? { plainHttp: true } : {}) }, deps.signal).catch((error: unknown) => {
      throw fetchFailure(error, chart.chart, copy, pins);
    });
    const locked: Built['locked'] = [];
    const fetched = readdirSync(join(copy, 'charts'));
    for (const p of pins.filter((p) => p.lockKey)) {
      const file = fetched.find((f) => f.startsWith(`${p.name}-`) && f.endsWith('.tgz'));
      if (file) locked.push({ key: p.lockKey!, version: file.slice(p.name.length + 1, -4), digest: await fileDigest(join(copy, 'charts', file)) });
    }
    const exact = pins.map((p) => ({ ...p, version: locked.find((l) => l.key === p.lockKey)?.version ?? p.version }));
    const exactKey = buildKey(local.digest, exact);
    const dir = join(deps.cache.dir, 'built', exactKey);
    // Another mesh may have built the same versions meanwhile, and may be rendering from it: its copy stands.
    try {
      if (!existsSync(dir)) renameSync(work, dir);
    } catch (error) {
      if (!existsSync(dir)) throw error;
    }
    const built = { dir: exactKey, digest: sha256(canonicalJson({ exactKey, fetched: locked.map((l) => l.digest) })), locked };
    deps.cache.putEntry('built', `${exactKey}.json`, JSON.stringify(built));
    return built;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// The copy's Chart.yaml asks for exactly the pinned versions; its Chart.lock, which no longer matches it, goes.
function rewriteChartYaml(copy: string, pins: Pinned[], originalDir: string): void {
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(readFileSync(join(copy, 'Chart.yaml'), 'utf8'));
  pins.forEach((p, i) => {
    if (p.version !== undefined) doc.setIn(['dependencies', i, 'version'], p.version);
    if (p.repository.startsWith('file://')) doc.setIn(['dependencies', i, 'repository'], absoluteFileRepository(p.repository, originalDir));
  });
  writeFileSync(join(copy, 'Chart.yaml'), doc.toString());
  rmSync(join(copy, 'Chart.lock'), { force: true });
}

function record(entry: Built['locked'][number], deps: SourceDeps): void {
  const old = deps.lock.get(entry.key);
  if (old && old.version === entry.version && old.digest !== entry.digest) {
    const message = `${entry.key}: the archive of version ${entry.version} has digest ${entry.digest}, but ${LOCK_FILE} recorded ${old.digest}`;
    if (deps.mode !== 'write') throw new MeshError(message, { hint: 'the dependency was republished; if the new archive is trusted, run `mesh render --update` to record it' });
    deps.warn(`${message}; recording the new digest`);
  }
  deps.lock.set(entry.key, { version: entry.version, digest: entry.digest });
}

function readBuilt(text: string | undefined): Built | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as Built);
  } catch {
    return undefined;
  }
}
