import { availableParallelism } from 'node:os';
import { combineTargetFailures, mapSettled } from './target-runs.js';
import type { Model } from '../model/model.js';
import { meshVersion } from '../version.js';
import { ContentCache } from './cache.js';
import { sha256 } from './digest.js';
import { Lock } from './charts/lock.js';
import type { RenderPlan } from './select.js';
import { repoFetcher } from './charts/repo-fetch.js';
import { renderTarget, type RenderedTarget } from './render-target.js';
import { servedApiVersions } from './capabilities.js';
import { mark } from '../process/timings.js';
import { findBuiltinPackage } from './validate/builtin-package.js';
import type { RenderDeps, RenderOptions } from './options.js';

/**
 * Renders everything a plan needs, concurrently, and validates the result.
 * Every target is tried, so one run reports every failure at once.
 */
export async function renderSet(
  model: Model,
  plan: RenderPlan,
  options: Pick<RenderOptions, 'validate' | 'lockMode' | 'update' | 'signal'>,
  deps: RenderDeps,
): Promise<{ rendered: Map<string, RenderedTarget>; cache: ContentCache; lock: Lock }> {
  const cache = new ContentCache(deps.cacheDir);
  const lock = Lock.read(model.dir);
  const pending: Array<Promise<void>> = [];
  // Loading the checks while helm works costs nothing; after it, it would add to the wait.
  let checks: Promise<typeof import('./validate/check-rendered.js')> | undefined;
  const loadChecks = () => {
    if (options.validate) checks ??= import('./validate/check-rendered.js');
  };
  const targetDeps = {
    lock,
    pending,
    cache,
    // A macrotask later, so the first helm is spawned before the checks' modules are compiled.
    helmStarted: () => void setTimeout(loadChecks),
    helm: deps.helm,
    mode: options.lockMode,
    update: options.update,
    warn: deps.warn,
    // One fetcher for all targets, so charts from one repository share a single index.yaml download.
    fetcher: repoFetcher(deps.env ?? process.env),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const guess = servedGuess(plan, cache);
  const results = await mapSettled(plan.toRender, Math.max(4, availableParallelism()), async (target) => {
    const rendered = await renderTarget(target, targetDeps, guess.versions);
    if (!rendered.cached) loadChecks();
    deps.onTarget?.(rendered);
    return rendered;
  });
  mark('charts rendered');
  try {
    const failures = results.filter((r): r is { error: unknown } => 'error' in r).map((r) => r.error);
    if (failures.length > 0) throw combineTargetFailures(failures);
    const rendered = new Map(results.map((r) => [(r as { value: RenderedTarget }).value.name, (r as { value: RenderedTarget }).value]));
    await withServedApiVersions(plan, rendered, cache, targetDeps, deps, guess);
    if (options.validate) await validateOnce(plan, rendered, cache, deps.warn, checks, model.dir);
    mark('validated');
    // Only a run that added manifests can have grown the cache past its bounds.
    if ([...rendered.values()].some((r) => !r.cached)) cache.trimRenders();
    return { rendered, cache, lock };
  } finally {
    // Cache work started for later runs finishes whatever happened, so none is left half-written.
    await Promise.allSettled(pending);
  }
}

/**
 * A chart that asks `.Capabilities.APIVersions` renders again, told what the
 * render set's CRDs serve, as `helm install` of a chart whose CRDs are there
 * would see them; otherwise objects gated on them (ServiceMonitors, say)
 * would silently be missing. Charts that do not ask are never rendered twice.
 */
async function withServedApiVersions(
  plan: RenderPlan,
  rendered: Map<string, RenderedTarget>,
  cache: ContentCache,
  targetDeps: Parameters<typeof renderTarget>[1],
  deps: RenderDeps,
  guess: ServedGuess,
): Promise<void> {
  const asking = plan.toRender.filter((t) => rendered.get(t.name)?.asksApiVersions);
  if (asking.length === 0) return;
  const served = servedApiVersions([...rendered.values()], cache);
  // Rendered with exactly these already: every output stands.
  if (JSON.stringify(served) === JSON.stringify(guess.versions)) return;
  cache.putEntry('served', guess.key, JSON.stringify(served));
  for (const target of asking) {
    const first = rendered.get(target.name);
    const again = await renderTarget(target, targetDeps, served);
    // The same key: none of the versions it asks about is served, and its first render stands.
    if (again.key === first?.key) continue;
    // The chart came from the cache this time because the first pass downloaded it: this run did download it.
    if (again.chart && first?.chart?.pulled) again.chart.pulled = true;
    deps.onTarget?.(again);
    rendered.set(target.name, again);
  }
}

interface ServedGuess {
  key: string;
  versions: string[];
}

/**
 * What the render set's CRDs served last time. Rendering with it first means
 * a chart that asks `.Capabilities.APIVersions` usually renders once: the
 * second pass finds its output under the same key and starts no helm.
 */
function servedGuess(plan: RenderPlan, cache: ContentCache): ServedGuess {
  const key = sha256(`served\0${plan.toRender.map((t) => t.name).join('\0')}`);
  try {
    const versions: unknown = JSON.parse(cache.readEntry('served', key) ?? '[]');
    return { key, versions: Array.isArray(versions) ? versions.map(String) : [] };
  } catch {
    return { key, versions: [] };
  }
}

// The same rendered bytes pass or fail the same way; a pass is remembered.
async function validateOnce(
  plan: RenderPlan,
  rendered: Map<string, RenderedTarget>,
  cache: ContentCache,
  warn: (message: string) => void,
  loading: Promise<typeof import('./validate/check-rendered.js')> | undefined,
  project: string,
): Promise<void> {
  const models = findBuiltinPackage(project);
  const created = new Map(plan.clusters.flatMap((c) => (c.kind === 'k3d' ? c.targets.map((t) => [t, c.name] as const) : [])));
  const key = sha256(
    JSON.stringify([
      meshVersion(),
      plan.manifests.map((t) => t.name),
      [...created],
      [...rendered.values()].map((r) => r.key).sort(),
      models?.version ?? null,
    ]),
  );
  const remembered = cache.validatedWarnings(key);
  if (remembered) return remembered.forEach(warn);
  const { checkRendered } = await (loading ?? import('./validate/check-rendered.js'));
  const warnings = checkRendered(plan.manifests, rendered, { cache, models, project, created });
  warnings.forEach(warn);
  cache.markValidated(key, warnings);
}
