import { z } from 'zod';
import { DEFAULT_GATEWAY_PORTS, DEFAULT_K3S_IMAGE } from '../model/defaults.js';
import type { ClusterScript, K3dSimpleConfig } from './types.js';

/** Everything a k3d Simple config holds, minus what mesh fills in; `name` defaults to the `clusters` key. */
export type ClusterInput = Omit<Partial<K3dSimpleConfig>, 'apiVersion' | 'kind' | 'metadata'> & { name?: string };

/**
 * Marks which fields came from mesh's defaults rather than the user, so a
 * second cluster can get other host ports without overriding a user's choice.
 * A registered symbol survives being imported through another module copy.
 */
export const DEFAULTED = Symbol.for('k3d-mesh.defaulted');

type Marked = K3dSimpleConfig & { [DEFAULTED]?: readonly string[] };

/**
 * A k3d `Simple` config: the arguments merged over defaults that suit Istio.
 * Objects merge key by key; a list replaces the default list, except
 * `options.k3s.extraArgs`, which adds to the defaults so traefik stays off.
 */
export function mkClusterConfig(input: ClusterInput = {}): K3dSimpleConfig {
  const { name, ...fields } = input;
  const defaults = defaultClusterConfig();
  const merged = mergeOver(defaults, fields) as Record<string, unknown>;
  const userArgs = fields.options?.k3s?.extraArgs;
  if (Array.isArray(userArgs)) {
    const k3s = (merged.options as { k3s: { extraArgs: unknown[] } }).k3s;
    k3s.extraArgs = dedupe([...(defaults.options?.k3s?.extraArgs ?? []), ...userArgs]);
  }
  // apiVersion and kind come first for readable YAML; a wrong one in the input
  // stays, so validation can point at it instead of hiding it.
  const config = { apiVersion: 'k3d.io/v1alpha5', kind: 'Simple', metadata: name === undefined ? {} : { name }, ...merged } as Marked;
  Object.defineProperty(config, DEFAULTED, {
    // A key given as undefined still leaves the default in place, so it counts as defaulted.
    value: Object.keys(defaults).filter((key) => (fields as Record<string, unknown>)[key] === undefined),
    enumerable: false,
  });
  return config;
}

/** Fields of a cluster config that still hold mesh's defaults. */
export function defaultedFields(config: K3dSimpleConfig): readonly string[] {
  return (config as Marked)[DEFAULTED] ?? [];
}

/** What `mkClusterScript` returns, as the config's `packages` hold it. */
export const clusterScriptSchema = z.strictObject({
  type: z.literal('k3d-script'),
  cluster: z.union([z.string().min(1), z.looseObject({ metadata: z.looseObject({ name: z.string().optional() }).optional() })]),
});

/** `bin/k3d-create` and `bin/k3d-delete` for a cluster, as the flake's `mkClusterScript`. */
export function mkClusterScript(cluster: string | K3dSimpleConfig): ClusterScript {
  return { type: 'k3d-script', cluster };
}

function defaultClusterConfig(): Omit<K3dSimpleConfig, 'apiVersion' | 'kind' | 'metadata'> {
  return {
    servers: 1,
    agents: 0,
    image: DEFAULT_K3S_IMAGE,
    ports: DEFAULT_GATEWAY_PORTS.map((p) => ({ port: `${p.host}:${p.container}`, nodeFilters: ['loadbalancer'] })),
    options: {
      k3s: { extraArgs: [{ arg: '--disable=traefik', nodeFilters: ['server:*'] }] },
      kubeconfig: { updateDefaultKubeconfig: true, switchCurrentContext: false },
    },
  };
}

function mergeOver(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value !== undefined) out[key] = mergeOver(base[key], value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dedupe(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
