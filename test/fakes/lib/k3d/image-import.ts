// `k3d image import IMAGE... -c CLUSTER...` (cmd/image/imageImport.go, pkg/client/tools.go): each cluster
// looked up first (a missing one is fatal), then the images found in the docker engine (what `docker pull`
// put there) saved through a tools node into every node of each cluster, one cluster after the other. An
// image the engine does not hold is warned about and skipped; none at all fails that cluster, and any
// failed cluster ends the command with exit 1 after the others were tried.
import { getCluster, saveCluster } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { canonicalImage, pulledImages } from '../docker/images.js';
import { Log } from './log.js';

export function imageImport(ctx: FakeContext, parsed: ParsedFlags, images: string[], log: Log) {
  if (images.length === 0) return log.fatal_('No images specified!');
  const names = parsed.flags.get('cluster') ?? ['k3s-default'];
  const clusters: Json[] = [];
  for (const name of names) {
    const cluster = getCluster(ctx.dir, name);
    if (!cluster) return log.fatal_(`failed to get cluster ${name}: No nodes found for given cluster`);
    clusters.push(cluster);
  }
  const held = pulledImages(ctx.dir);
  const found = images.filter((image) => held.includes(canonicalImage(image)));
  for (const image of images.filter((i) => !found.includes(i))) {
    log.warn(`Image '${image}' is not a file and couldn't be found in the container runtime`);
  }
  let failed = false;
  for (const cluster of clusters) {
    log.info(`Importing image(s) into cluster '${cluster.name}'`);
    if (found.length === 0) {
      log.error(`Failed to import image(s) into cluster '${cluster.name}': failed to find images: no valid images specified`);
      failed = true;
      continue;
    }
    log.info(`Saving ${found.length} image(s) from runtime...`);
    cluster.images = [...new Set([...(cluster.images ?? []), ...found.map(canonicalImage)])].sort();
    saveCluster(ctx.dir, cluster);
    log.info(`Importing images into nodes...`);
  }
  if (failed) {
    log.warn('At least one error occured while trying to import the image(s) into the selected cluster(s)');
    log.out.code = 1;
    return log.out.result();
  }
  log.info(`Successfully imported ${images.length} image(s) into ${clusters.length} cluster(s)`);
  return log.out.result();
}
