import type { Model } from '../model/model.js';
import { meshVersion } from '../version.js';
import { sha256 } from './digest.js';
import { layoutKey, resultFiles, resultLayout } from './output/layout.js';
import { checkReplaceable, writeResult, type FileStamps } from './output/write.js';
import { resolve } from 'node:path';
import { planRender, type RenderPlan } from './select.js';
import type { RenderedTarget } from './render-target.js';
import { cachedYaml, type LazyText } from './lazy-text.js';
import { renderSet } from './render-set.js';
import type { RenderDeps, RenderOptions } from './options.js';
import { namedConfig } from './output/cluster-files.js';
import type { ContentCache } from './cache.js';
import { crdNeedsOf, orderWithCrdNeeds, type CrdNeed } from './crd-needs.js';
import type { ExportFormat } from './gitops/source.js';

export interface RenderSummary {
  out: string;
  /** False when the output already held exactly this and was left alone. */
  written: boolean;
  plan: RenderPlan;
  rendered: RenderedTarget[];
  files: string[];
  lockUpdated: boolean;
}

/**
 * `mesh render`: renders the selected targets concurrently, validates them,
 * then replaces the output folder in one step. Nothing is written unless
 * every target rendered and passed validation.
 */
export async function render(model: Model, options: RenderOptions, deps: RenderDeps): Promise<RenderSummary> {
  const planned = planRender(model, options.select);
  checkReplaceable(options.outDir, options.shownOut);
  const { rendered, cache, lock } = await renderSet(model, planned, options, deps);
  const { plan, needs } = withCrdNeeds(model, planned, rendered, cache);
  if (options.format !== undefined && options.format !== 'result') {
    return exported(options.format, model, plan, needs, rendered, options, deps, cache, () => lock.save());
  }
  const k3dYaml = new Map<string, LazyText>();
  const k3dClusters = plan.clusters.flatMap((c) => (c.kind === 'k3d' ? [c] : []));
  for (const { name, config } of [...k3dClusters, ...plan.scripts.map((s) => ({ name: s.cluster, config: s.config }))]) {
    k3dYaml.set(name, await cachedYaml(cache, [namedConfig(name, config)]));
  }
  const layout = resultLayout(plan);
  const outputKey = sha256(`${meshVersion()}\0${layoutKey(layout, rendered, k3dYaml)}`);
  options.signal?.throwIfAborted();
  const written = writeResult(options.outDir, outputKey, () => resultFiles(layout, rendered, k3dYaml), resultStamps(cache, options.outDir));
  const lockUpdated = options.lockMode === 'frozen' ? false : lock.save();
  return { out: options.outDir, written, plan, rendered: [...rendered.values()], files: layout.map((e) => e.path), lockUpdated };
}

/**
 * What `mesh up` deploys to one cluster: its targets rendered and validated
 * in memory, by target name, in apply order. result/ is left alone.
 */
export async function renderCluster(
  model: Model,
  cluster: string,
  options: Omit<RenderOptions, 'select' | 'outDir' | 'shownOut'>,
  deps: RenderDeps,
): Promise<Map<string, string>> {
  const { plan, texts } = await renderInMemory(model, [cluster], options, deps);
  const targets = plan.clusters[0]?.targets ?? [];
  return new Map(targets.map((name) => [name, texts.get(name)!]));
}

/** The selected targets (all when none) rendered and validated in memory, with the plan ordered by their CRD needs. */
export async function renderInMemory(
  model: Model,
  select: readonly string[],
  options: Omit<RenderOptions, 'select' | 'outDir' | 'shownOut'>,
  deps: RenderDeps,
): Promise<{ plan: RenderPlan; texts: Map<string, string> }> {
  const planned = planRender(model, select);
  const { rendered, lock, cache } = await renderSet(model, planned, options, deps);
  const { plan } = withCrdNeeds(model, planned, rendered, cache);
  if (options.lockMode !== 'frozen') lock.save();
  return { plan, texts: new Map([...rendered].map(([name, r]) => [name, r.text])) };
}

// A custom resource's CRD from another target orders the output as it orders a deploy.
function withCrdNeeds(
  model: Model,
  plan: RenderPlan,
  rendered: ReadonlyMap<string, RenderedTarget>,
  cache: ContentCache,
): { plan: RenderPlan; needs: CrdNeed[] } {
  const needs = crdNeedsOf(cache, model.dir, plan.toRender, rendered);
  if (needs.length === 0) return { plan, needs };
  const byName = new Map(plan.toRender.map((t) => [t.name, t]));
  const order = (names: readonly string[]) =>
    orderWithCrdNeeds(
      names.map((n) => byName.get(n)!),
      needs,
    ).map((t) => t.name);
  return {
    plan: {
      ...plan,
      manifests: orderWithCrdNeeds(plan.manifests, needs),
      clusters: plan.clusters.map((c) => ({ ...c, targets: order(c.targets) })),
    },
    needs,
  };
}

// `--format kustomize|argocd|flux`: the same rendered targets, written as a GitOps engine reads them.
async function exported(
  format: ExportFormat,
  model: Model,
  plan: RenderPlan,
  needs: readonly CrdNeed[],
  rendered: ReadonlyMap<string, RenderedTarget>,
  options: RenderOptions,
  deps: RenderDeps,
  cache: ContentCache,
  saveLock: () => boolean,
): Promise<RenderSummary> {
  const { exportFiles } = await import('./gitops/export-files.js');
  const texts = new Map([...rendered].map(([name, r]) => [name, r.text]));
  const files = exportFiles(format, model, plan, texts, needs, options.outDir, deps.warn);
  const key = sha256(`${meshVersion()}\0${format}\0${JSON.stringify(files)}`);
  options.signal?.throwIfAborted();
  const written = writeResult(options.outDir, key, () => files, resultStamps(cache, options.outDir));
  const lockUpdated = options.lockMode === 'frozen' ? false : saveLock();
  return { out: options.outDir, written, plan, rendered: [...rendered.values()], files: files.map((f) => f.path), lockUpdated };
}

/** The mtimes of what mesh wrote to an output folder, kept in the cache by the folder's path. */
function resultStamps(cache: ContentCache, outDir: string): FileStamps {
  const key = `${sha256(resolve(outDir))}.json`;
  return {
    read: () => {
      const text = cache.readEntry('results', key);
      try {
        return text === undefined ? undefined : (JSON.parse(text) as Record<string, number>);
      } catch {
        return undefined;
      }
    },
    write: (stamps) => cache.putEntry('results', key, JSON.stringify(stamps)),
  };
}
