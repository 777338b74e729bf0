import type { ClusterImages } from '../../lib/images/cluster-images.js';
import type { ImageUse } from '../../lib/images/pod-images.js';
import { plural } from '../../lib/text/plural.js';
import { isCI, type Context } from '../context.js';
import { collect, type Register } from '../host.js';

export const registerImages: Register = (program, host) => {
  program
    .command('images')
    .description('list every container image the clusters will run, per cluster and target')
    .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
    .option('--json', 'print JSON (schemaVersion 1)')
    .action(async (flags: { cluster: string[]; json?: boolean }) => {
      host.json(flags.json);
      await images(host.context(), flags);
    });
};

/**
 * `mesh images`: what the clusters will pull, read from the manifests a deploy
 * would apply (rendered in memory; result/ is left alone), with the proxy
 * that Istio's injection adds and the images custom resources hand to operators.
 */
async function images(ctx: Context, flags: { cluster: string[]; json?: boolean }): Promise<void> {
  const { model } = await ctx.load();
  const [{ selectClusters }, { renderInMemory }, { clusterImages, distinctImages }] = await Promise.all([
    import('../../tasks/stages.js'),
    import('../../lib/render/render.js'),
    import('../../lib/images/cluster-images.js'),
  ]);
  const chosen = model.clusters.length === 0 && flags.cluster.length === 0 ? [] : selectClusters(model, flags.cluster);
  const { plan, texts } = await renderInMemory(
    model,
    chosen.map((c) => c.name),
    { validate: true, lockMode: isCI(ctx.deps.env) ? 'verify' : 'write', update: false, signal: ctx.deps.signal },
    { helm: () => ctx.helm(), cacheDir: ctx.cacheDir, env: ctx.deps.env, warn: (message) => ctx.warn(message) },
  );
  const sets = plan.clusters.length > 0 ? plan.clusters : [{ name: 'default', targets: plan.manifests.map((t) => t.name) }];
  const found = clusterImages(sets, texts);
  const all = distinctImages(found);
  ctx.deps.stdout(flags.json ? `${JSON.stringify(toJson(found, all), null, 2)}\n` : toText(found, all));
}

function toJson(found: readonly ClusterImages[], all: readonly string[]) {
  return {
    schemaVersion: 1,
    clusters: found.map((c) => ({
      name: c.cluster,
      images: [...new Set(c.targets.flatMap((t) => t.images.map((i) => i.image)))].sort(),
      targets: c.targets.map((t) => ({ name: t.target, images: t.images })),
    })),
    images: all,
  };
}

const HOW: Record<ImageUse['source'], string> = {
  container: '',
  'init-container': ' (init)',
  sidecar: ' (sidecar, injected by istiod)',
  'custom-resource': ' (from a custom resource, for its operator)',
};

function toText(found: readonly ClusterImages[], all: readonly string[]): string {
  const lines: string[] = [];
  for (const cluster of found) {
    lines.push(cluster.cluster);
    const rows = cluster.targets.flatMap((t) => {
      const seen = new Set<string>();
      return t.images.filter((i) => !seen.has(i.image + i.source) && seen.add(i.image + i.source)).map((i) => [t.target, i] as const);
    });
    const width = Math.max(0, ...rows.map(([t]) => t.length));
    if (rows.length === 0) lines.push('  (no images)');
    for (const [target, use] of rows) lines.push(`  ${target.padEnd(width)}  ${use.image}${HOW[use.source]}  ${use.object}`);
  }
  lines.push(`${plural(all.length, 'image')}`);
  return `${lines.join('\n')}\n`;
}
