import { availableParallelism } from 'node:os';
import type { Model } from '../../config/model.js';
import { MeshError } from '../errors.js';
import type { HelmAdapter } from '../helm.js';
import { meshVersion } from '../version.js';
import { ContentCache } from './cache.js';
import type { LockMode } from './chart-source.js';
import { sha256 } from './digest.js';
import { Lock } from './lock.js';
import { layoutKey, resultFiles, resultLayout } from './files.js';
import { checkReplaceable, writeResult } from './output.js';
import { planRender, type RenderPlan } from './plan.js';
import { cachedYaml, renderTarget, type LazyText, type RenderedTarget } from './render-target.js';
import { namedConfig } from './cluster-files.js';

export interface RenderOptions {
  /** Target names; empty renders everything. */
  select: readonly string[];
  outDir: string;
  /** The output folder as the user wrote it, for messages. */
  shownOut: string;
  validate: boolean;
  lockMode: LockMode;
  update: boolean;
  signal?: AbortSignal;
}

export interface RenderDeps {
  helm: () => Promise<HelmAdapter>;
  cacheDir: string;
  warn: (message: string) => void;
  /** Called as each target finishes, for progress output. */
  onTarget?: (rendered: RenderedTarget) => void;
}

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
  const cache = new ContentCache(deps.cacheDir);
  const lock = Lock.read(model.dir);
  const targetDeps = { lock, cache, helm: deps.helm, mode: options.lockMode, update: options.update, warn: deps.warn, ...(options.signal ? { signal: options.signal } : {}) };
  const results = await mapConcurrent(plan.toRender, Math.max(4, availableParallelism()), async (target) => {
    const rendered = await renderTarget(target, targetDeps);
    deps.onTarget?.(rendered);
    return rendered;
  });
  const failures = results.filter((r): r is { error: unknown } => 'error' in r).map((r) => r.error);
  if (failures.length > 0) throw combine(failures);
  const rendered = new Map(results.map((r) => [(r as { value: RenderedTarget }).value.name, (r as { value: RenderedTarget }).value]));
  if (options.validate) await validateOnce(plan, rendered, cache);
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

// The same rendered bytes pass or fail the same way; a pass is remembered.
async function validateOnce(plan: RenderPlan, rendered: Map<string, RenderedTarget>, cache: ContentCache): Promise<void> {
  const key = sha256(JSON.stringify([meshVersion(), plan.manifests.map((t) => t.name), [...rendered.values()].map((r) => r.key).sort()]));
  if (cache.isValidated(key)) return;
  const { checkRendered } = await import('./check.js');
  checkRendered(plan.manifests, rendered);
  cache.markValidated(key);
}

function combine(errors: unknown[]): unknown {
  if (errors.length === 1) return errors[0];
  const bug = errors.find((e) => !(e instanceof MeshError));
  if (bug) return bug;
  const mesh = errors as MeshError[];
  const hints = [...new Set(mesh.map((e) => e.hint).filter(Boolean))];
  return new MeshError(`${mesh.length} targets failed:\n${mesh.map((e) => `  ${e.message.split('\n').join('\n  ')}`).join('\n')}`, {
    exitCode: Math.max(...mesh.map((e) => e.exitCode)) === 2 ? 2 : 1,
    ...(hints.length ? { hint: hints.join('; ') } : {}),
  });
}

async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<Array<{ value: R } | { error: unknown }>> {
  const out: Array<{ value: R } | { error: unknown }> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { value: await fn(items[i]!) };
      } catch (error) {
        out[i] = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
