import type { ClusterModel } from '../lib/model/model.js';
import { clusterImages, distinctImages } from '../lib/images/cluster-images.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { plural } from '../lib/text/plural.js';
import { taskKey } from './keys.js';

const PULLS_AT_ONCE = 4;

/**
 * `preload:<cluster>` (`mesh up --preload`): every image the cluster will run
 * (what `mesh images` lists) pulled once on the host, then imported into the
 * cluster's nodes with `k3d image import`, so a second or recreated cluster
 * pulls nothing again. A pull is shared by every cluster that needs the image;
 * imports run one cluster at a time, as k3d's tools node for one cluster and
 * the shared image volume do not mix well with another import running beside
 * them (and one call for several clusters stops at the first that fails).
 */
export function preloadTask(cluster: ClusterModel, deps: LifecycleDeps): Task<string[]> {
  return {
    id: taskKey('preload', cluster.name).id,
    title: `preload images into ${cluster.name}`,
    needs: [taskKey('create', cluster.name).id, taskKey('render', cluster.name).id],
    async run(context, inputs) {
      if (cluster.kind === 'existing') {
        context.note(`${cluster.name} is an existing cluster: it pulls its images itself`);
        return [];
      }
      const rendered = inputs.of(taskKey('render', cluster.name))!;
      const images = distinctImages(clusterImages([cluster], rendered));
      if (images.length === 0) return [];
      const { docker, k3d } = deps.tools(context.runner);
      const pulls = deps.preload.pulls;
      for (let i = 0; i < images.length; i += PULLS_AT_ONCE) {
        await Promise.all(
          images.slice(i, i + PULLS_AT_ONCE).map((image) => {
            if (!pulls.has(image)) pulls.set(image, docker.pull(image, context.signal));
            return pulls.get(image)!;
          }),
        );
      }
      const mine = deps.preload.imports.catch(() => undefined).then(() => k3d.importImages(cluster.name, images, context.signal));
      deps.preload.imports = mine;
      await mine;
      context.note(`${plural(images.length, 'image')} ${context.dryRun ? 'would be ' : ''}imported into ${cluster.name}`);
      return images;
    },
  };
}
