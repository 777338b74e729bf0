import type { RenderPlan } from './plan.js';
import type { RenderedTarget } from './render-target.js';
import type { OutputFile } from './output.js';
import { clusterFiles } from './cluster-files.js';

/**
 * The output folder's layout, as the flake's `result/`:
 *   manifest.yaml              every rendered target, in apply order
 *   <target>/manifest.yaml     one target
 *   <cluster>/k3d-config.yaml  the cluster's k3d config
 *   <cluster>/bin/k3d-create   and k3d-delete
 *   <cluster>/manifest.yaml    what that cluster gets, in apply order
 */
export function resultFiles(plan: RenderPlan, rendered: ReadonlyMap<string, RenderedTarget>): OutputFile[] {
  const files: OutputFile[] = [];
  const textOf = (name: string) => rendered.get(name)!.text;
  if (plan.manifests.length > 0) {
    files.push({ path: 'manifest.yaml', content: join(plan.manifests.map((t) => t.name), textOf) });
  }
  for (const target of plan.manifests) {
    files.push({ path: `${target.name}/manifest.yaml`, content: join([target.name], textOf) });
  }
  for (const cluster of plan.clusters) {
    files.push(...scripts(cluster.name, cluster.name, cluster.config));
    files.push({ path: `${cluster.name}/manifest.yaml`, content: join(cluster.targets, textOf) });
  }
  for (const script of plan.scripts) files.push(...scripts(script.name, script.cluster, script.config));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function scripts(dir: string, cluster: string, config: Parameters<typeof clusterFiles>[1]): OutputFile[] {
  return Object.entries(clusterFiles(cluster, config)).map(([path, content]) => ({
    path: `${dir}/${path}`,
    content,
    executable: path.startsWith('bin/'),
  }));
}

function join(names: readonly string[], textOf: (name: string) => string): string {
  return names.map((name) => `# mesh target: ${name}\n${textOf(name)}`).join('');
}
