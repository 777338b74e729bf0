import { ConfigError } from '../errors.js';

/**
 * Where an object-returning mk* function keeps its `needs`: the object itself
 * is applied as it is, so the list travels beside it, out of sight of YAML
 * output and hashing. A registered symbol survives another copy of mesh.
 */
export const NEEDS = Symbol.for('k3d-mesh.needs');

/**
 * The object, carrying `needs` when any are given. Checked here, where it is
 * given: a chart's `needs` is checked with the config, but an object's travels
 * out of sight of that check.
 */
export function withNeeds<T extends object>(fn: string, object: T, needs: unknown): T {
  if (needs === undefined) return object;
  if (!Array.isArray(needs) || !needs.every((n) => typeof n === 'string' && n !== '')) {
    throw new ConfigError(`${fn}(): needs must be a list of target names, found ${JSON.stringify(needs)}`, {
      hint: `write it as a list, e.g. ${fn}({ ..., needs: ['pxc-operator'] })`,
    });
  }
  if (needs.length > 0) Object.defineProperty(object, NEEDS, { value: [...needs], enumerable: false });
  return object;
}

/** The targets a package declares it needs: a chart's `needs`, or those its objects carry. */
export function declaredNeeds(pkg: unknown): string[] {
  const items = Array.isArray(pkg) ? pkg : [pkg];
  const out = new Set<string>();
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    const carried = (item as { [NEEDS]?: unknown })[NEEDS];
    const field = (item as { type?: unknown; needs?: unknown }).type === 'helm-chart' ? (item as { needs?: unknown }).needs : undefined;
    for (const list of [carried, field])
      if (Array.isArray(list)) list.filter((n): n is string => typeof n === 'string').forEach((n) => out.add(n));
  }
  return [...out];
}
