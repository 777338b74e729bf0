import type { Obj } from '../deploy/steps.js';
import { apiGroup } from '../render/documents.js';

/** One image a cluster will run, and where it comes from. */
export interface ImageUse {
  image: string;
  /** `Deployment/istiod`, `PerconaXtraDBCluster/pxc-db`, ... */
  object: string;
  /** The container it runs in; for a custom resource, the field that names it (`spec.pxc.image`). */
  where: string;
  source: 'container' | 'init-container' | 'sidecar' | 'custom-resource';
}

/** Where each workload kind keeps its pod template. */
const POD_SPEC: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

interface Container {
  name?: unknown;
  image?: unknown;
}

/**
 * The images an object makes the cluster pull: its pod template's containers
 * and init containers; for a custom resource, every `image` field that holds
 * an image reference, as operators (Percona's, Prometheus') start pods from them.
 * `image: auto` is Istio's gateway injection, resolved to `sidecar`.
 */
export function imagesOf(object: Obj & Record<string, unknown>, sidecar: string | undefined): ImageUse[] {
  const name = `${object.kind}/${object.metadata?.name}`;
  const path = POD_SPEC[object.kind ?? ''];
  if (path !== undefined && isBuiltIn(object.apiVersion)) {
    const spec = dig(object, path) as { containers?: Container[]; initContainers?: Container[] } | undefined;
    const uses = (list: Container[] | undefined, source: ImageUse['source']) =>
      (Array.isArray(list) ? list : [])
        .filter((c) => typeof c?.image === 'string' && c.image !== '')
        .map((c) => {
          const injected = c.image === 'auto' && sidecar !== undefined;
          return {
            image: injected ? sidecar : String(c.image),
            object: name,
            where: String(c.name),
            source: injected ? 'sidecar' : source,
          } as ImageUse;
        });
    return [...uses(spec?.initContainers, 'init-container'), ...uses(spec?.containers, 'container')];
  }
  if (isBuiltIn(object.apiVersion)) return [];
  const found: ImageUse[] = [];
  walk(object.spec, 'spec', (field, value) => {
    if (looksLikeImage(value)) found.push({ image: value, object: name, where: field, source: 'custom-resource' });
  });
  return found;
}

function walk(value: unknown, path: string, visit: (path: string, value: string) => void): void {
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'image' && typeof inner === 'string') visit(`${path}.image`, inner);
      else walk(inner, `${path}.${key}`, visit);
    }
  }
}

// A reference, not a template or a sentence: no spaces or braces, a name before any tag or digest.
function looksLikeImage(value: string): boolean {
  return /^[a-z0-9][a-z0-9._\-/:@]*$/i.test(value) && !value.endsWith(':') && value !== 'auto';
}

function isBuiltIn(apiVersion: string | undefined): boolean {
  const group = apiGroup(apiVersion);
  return !group.includes('.') || group.endsWith('.k8s.io');
}

function dig(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
    value,
  );
}
