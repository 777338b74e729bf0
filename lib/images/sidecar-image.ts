import type { Obj } from '../deploy/steps.js';

interface InjectorValues {
  global?: { hub?: unknown; tag?: unknown; variant?: unknown; proxy?: { image?: unknown } };
}

/**
 * The proxy image istiod's injector adds to every pod of the mesh, worked out
 * as the injector does from the values it is given (the `values` of its
 * ConfigMap `istio-sidecar-injector`): `global.proxy.image` when it is a full
 * reference, else `<global.hub>/<image>:<global.tag>[-<variant>]`.
 */
export function sidecarImage(objects: ReadonlyArray<Obj & { data?: Record<string, unknown> }>): string | undefined {
  const injector = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name?.startsWith('istio-sidecar-injector'));
  const raw = injector?.data?.values;
  if (typeof raw !== 'string') return undefined;
  let values: InjectorValues;
  try {
    values = JSON.parse(raw) as InjectorValues;
  } catch {
    return undefined;
  }
  const { hub, tag, variant, proxy } = values.global ?? {};
  const image = typeof proxy?.image === 'string' && proxy.image !== '' ? proxy.image : 'proxyv2';
  if (image.includes('/')) return image;
  if (typeof hub !== 'string' || hub === '' || (typeof tag !== 'string' && typeof tag !== 'number')) return undefined;
  return `${hub}/${image}:${tag}${typeof variant === 'string' && variant !== '' ? `-${variant}` : ''}`;
}
