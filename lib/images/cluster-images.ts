import { hookOf } from '../deploy/hooks.js';
import { parse } from '../deploy/step-builders.js';
import { imagesOf, type ImageUse } from './pod-images.js';
import { sidecarImage } from './sidecar-image.js';

export interface ClusterImages {
  cluster: string;
  targets: Array<{ target: string; images: ImageUse[] }>;
}

/**
 * Every image each cluster will run, per target, from what it deploys there
 * (Helm's test hooks left out, as deploy leaves them out), plus the proxy
 * that istiod's injector adds to the pods of the mesh.
 */
export function clusterImages(
  clusters: ReadonlyArray<{ name: string; targets: readonly string[] }>,
  rendered: ReadonlyMap<string, string>,
): ClusterImages[] {
  const objectsOf = new Map<string, Array<ReturnType<typeof parse>[number]['object'] & Record<string, unknown>>>();
  const objects = (target: string) => {
    if (!objectsOf.has(target)) {
      const docs = parse(rendered.get(target) ?? '').filter((d) => hookOf(d.object)?.phase !== 'skip');
      objectsOf.set(
        target,
        docs.map((d) => d.object as (typeof docs)[number]['object'] & Record<string, unknown>),
      );
    }
    return objectsOf.get(target)!;
  };
  return clusters.map((cluster) => {
    const injector = cluster.targets.find((t) => sidecarImage(objects(t)) !== undefined);
    const sidecar = injector === undefined ? undefined : sidecarImage(objects(injector));
    const targets = cluster.targets.map((target) => {
      const images = objects(target).flatMap((o) => imagesOf(o, sidecar));
      if (target === injector)
        images.push({ image: sidecar!, object: 'ConfigMap/istio-sidecar-injector', where: 'istio-proxy', source: 'sidecar' });
      return { target, images };
    });
    return { cluster: cluster.name, targets };
  });
}

/** Each image once, sorted. */
export function distinctImages(found: readonly ClusterImages[]): string[] {
  return [...new Set(found.flatMap((c) => c.targets.flatMap((t) => t.images.map((i) => i.image))))].sort();
}
