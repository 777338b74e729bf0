import { sha256 } from '../digest.js';
import type { RenderPlan } from '../select.js';
import type { RenderedTarget } from '../render-target.js';
import type { LazyText } from '../lazy-text.js';
import type { OutputFile } from './write.js';
import { clusterFiles } from './cluster-files.js';

/**
 * The output folder's layout, as the flake's `result/`:
 *   manifest.yaml              every rendered target, in apply order
 *   <target>/manifest.yaml     one target
 *   <cluster>/k3d-config.yaml  the cluster's k3d config
 *   <cluster>/bin/k3d-create   and k3d-delete
 *   <cluster>/manifest.yaml    what that cluster gets, in apply order
 */
export type Entry = { path: string; targets: string[] } | { path: string; cluster: string; file: string; executable: boolean };

export function resultLayout(plan: RenderPlan): Entry[] {
  const entries: Entry[] = [];
  if (plan.manifests.length > 0) entries.push({ path: 'manifest.yaml', targets: plan.manifests.map((t) => t.name) });
  for (const target of plan.manifests) entries.push({ path: `${target.name}/manifest.yaml`, targets: [target.name] });
  for (const cluster of plan.clusters) {
    // An existing cluster has no k3d config or scripts: mesh does not create it.
    if (cluster.kind === 'k3d') entries.push(...clusterEntries(cluster.name, cluster.name));
    entries.push({ path: `${cluster.name}/manifest.yaml`, targets: cluster.targets });
  }
  for (const script of plan.scripts) entries.push(...clusterEntries(script.name, script.cluster));
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A hash of what the files will hold, known before any of them is built. */
export function layoutKey(
  entries: readonly Entry[],
  rendered: ReadonlyMap<string, RenderedTarget>,
  k3dYaml: ReadonlyMap<string, LazyText>,
): string {
  const parts = entries.map((e) =>
    'targets' in e ? [e.path, e.targets.map((t) => rendered.get(t)!.key)] : [e.path, k3dYaml.get(e.cluster)!.key],
  );
  return sha256(JSON.stringify(parts));
}

export function resultFiles(
  entries: readonly Entry[],
  rendered: ReadonlyMap<string, RenderedTarget>,
  k3dYaml: ReadonlyMap<string, LazyText>,
): OutputFile[] {
  const scripts = new Map<string, Record<string, string>>();
  return entries.map((entry) => {
    if ('targets' in entry) {
      return { path: entry.path, content: entry.targets.map((name) => `# mesh target: ${name}\n${rendered.get(name)!.text}`).join('') };
    }
    if (!scripts.has(entry.cluster))
      scripts.set(entry.cluster, clusterFiles(entry.cluster, k3dYaml.get(entry.cluster)!.text.replace(/^---\n/, '')));
    return { path: entry.path, content: scripts.get(entry.cluster)![entry.file]!, executable: entry.executable };
  });
}

function clusterEntries(dir: string, cluster: string): Entry[] {
  return ['k3d-config.yaml', 'bin/k3d-create', 'bin/k3d-delete'].map((file) => ({
    path: `${dir}/${file}`,
    cluster,
    file,
    executable: file.startsWith('bin/'),
  }));
}
