import type { ClusterModel, Model, ScriptTarget } from '../model/model.js';
import type { ManifestTarget } from '../model/targets.js';
import { didYouMean } from '../text/suggest.js';
import { needsClosure } from '../model/apply-order.js';
import { ConfigError } from '../errors.js';

/** What a render of some targets produces, worked out before anything runs. */
export interface RenderPlan {
  /** Manifest targets that get output, in apply order. */
  manifests: ManifestTarget[];
  clusters: ClusterModel[];
  scripts: ScriptTarget[];
  /** Everything rendered: the manifests plus what they need, so CRDs are there to validate against. */
  toRender: ManifestTarget[];
}

/** Every target name the config defines: packages and clusters alike. */
export function targetNames(model: Model): string[] {
  return [...model.targets.map((t) => t.name), ...model.scripts.map((s) => s.name), ...model.clusters.map((c) => c.name)];
}

/**
 * Plans a render of `selected` targets (all when empty). A cluster brings
 * its own targets along, so `result/<cluster>/manifest.yaml` is complete.
 */
export function planRender(model: Model, selected: readonly string[]): RenderPlan {
  checkTargetNames(model, selected);
  const all = selected.length === 0;
  const want = new Set(selected);
  const clusters = model.clusters.filter((c) => all || want.has(c.name));
  const scripts = model.scripts.filter((s) => all || want.has(s.name));
  const wanted = new Set([
    ...model.targets.filter((t) => all || want.has(t.name)).map((t) => t.name),
    ...clusters.flatMap((c) => c.targets),
  ]);
  const manifests = model.targets.filter((t) => wanted.has(t.name));
  const closure = needsClosure(model.targets, wanted);
  if (manifests.length === 0 && clusters.length === 0 && scripts.length === 0) {
    throw new ConfigError(`nothing to render: ${model.file} defines no clusters and no packages`, {
      hint: 'add clusters or packages to the config (see README, "The config")',
    });
  }
  return { manifests, clusters, scripts, toRender: model.targets.filter((t) => closure.has(t.name)) };
}

/** Refuses target names the config does not define, each with a did-you-mean. */
export function checkTargetNames(model: Model, names: readonly string[]): void {
  const known = targetNames(model);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const lines = unknown.map((name) => `unknown target "${name}"${didYouMean(name, known)}`);
    throw new ConfigError(lines.join('\n'), { hint: `run \`mesh list\` to see the targets: ${known.join(', ') || '(none)'}` });
  }
}
