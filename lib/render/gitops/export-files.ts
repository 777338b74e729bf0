import type { Model } from '../../model/model.js';
import type { CrdNeed } from '../crd-needs.js';
import type { OutputFile } from '../output/write.js';
import type { RenderPlan } from '../select.js';
import { argocdFiles } from './argocd.js';
import { planExport } from './export-plan.js';
import { fluxFiles } from './flux.js';
import { kustomizeFiles } from './kustomize.js';
import { exportSource, type ExportFormat } from './source.js';

/**
 * The files of `mesh render --format kustomize|argocd|flux`. Each cluster
 * of the render gets its folder; targets named without their cluster (or a
 * config without clusters) go together as the cluster `default`.
 */
export function exportFiles(
  format: ExportFormat,
  model: Model,
  plan: RenderPlan,
  rendered: ReadonlyMap<string, string>,
  crdNeeds: readonly CrdNeed[],
  outDir: string,
  warn: (message: string) => void,
): OutputFile[] {
  const sets = plan.clusters.length > 0 ? plan.clusters : [{ name: 'default', targets: plan.manifests.map((t) => t.name) }];
  const clusters = planExport(sets, plan.toRender, rendered, crdNeeds, warn);
  const files = kustomizeFiles(clusters);
  const source = exportSource(model.gitops, outDir, model.dir);
  if (format === 'argocd') files.push(...argocdFiles(clusters, source));
  if (format === 'flux') files.push(...fluxFiles(clusters, source, model.waitSeconds));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
