import type { Model } from '../model/model.js';
import { meshVersion } from '../version.js';
import { sha256 } from './digest.js';
import { layoutKey, resultFiles, resultLayout } from './output/layout.js';
import { checkReplaceable, writeResult } from './output/write.js';
import { planRender, type RenderPlan } from './select.js';
import { cachedYaml, type LazyText, type RenderedTarget } from './render-target.js';
import { renderSet } from './render-set.js';
import type { RenderDeps, RenderOptions } from './options.js';
import { namedConfig } from './output/cluster-files.js';

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
  const plan = planRender(model, options.select);
  checkReplaceable(options.outDir, options.shownOut);
  const { rendered, cache, lock } = await renderSet(model, plan, options, deps);
  const k3dYaml = new Map<string, LazyText>();
  for (const { name, config } of [...plan.clusters, ...plan.scripts.map((s) => ({ name: s.cluster, config: s.config }))]) {
    k3dYaml.set(name, await cachedYaml(cache, [namedConfig(name, config)]));
  }
  const layout = resultLayout(plan);
  const outputKey = sha256(`${meshVersion()}\0${layoutKey(layout, rendered, k3dYaml)}`);
  options.signal?.throwIfAborted();
  const written = writeResult(options.outDir, outputKey, () => resultFiles(layout, rendered, k3dYaml));
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
  const plan = planRender(model, [cluster]);
  const { rendered, lock } = await renderSet(model, plan, options, deps);
  if (options.lockMode !== 'frozen') lock.save();
  const targets = plan.clusters[0]?.targets ?? [];
  return new Map(targets.map((name) => [name, rendered.get(name)!.text]));
}
