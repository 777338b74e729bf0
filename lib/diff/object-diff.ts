import { createTwoFilesPatch } from 'diff';
import { toYaml } from '../yaml/write.js';

/** Fields the API server keeps up to date itself: a change in them is not a change deploy makes. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid', 'selfLink'];

type Obj = Record<string, unknown> & { kind?: string; metadata?: Record<string, unknown> };

/**
 * An object as `mesh diff` compares it: without what the server maintains
 * (managed fields, resource version, generation, status) and, for a Secret,
 * with its values masked as `kubectl diff` masks them: `***` where both sides
 * agree, `*** (before)` and `*** (after)` where they differ.
 */
export function comparable(live: Obj | undefined, merged: Obj | undefined): { before: string; after: string } {
  const [a, b] = [strip(live), strip(merged)];
  if (a?.kind === 'Secret' || b?.kind === 'Secret') maskSecrets(a, b);
  // Keys sorted: the server's field order is no change.
  return { before: a === undefined ? '' : toYaml(sorted(a)), after: b === undefined ? '' : toYaml(sorted(b)) };
}

/** A unified diff of the two, named like `kubectl diff` names its files, or undefined when they are the same. */
export function unifiedDiff(name: string, before: string, after: string): string | undefined {
  if (before === after) return undefined;
  const patch = createTwoFilesPatch(`live/${name}`, `merged/${name}`, before, after, undefined, undefined, { context: 3 });
  // The first line is the `Index:`-less header's `===` rule that jsdiff writes; kubectl's diff starts at `---`.
  return patch.replace(/^=+\n/, '');
}

function strip(object: Obj | undefined): Obj | undefined {
  if (object === undefined) return undefined;
  const { status: _status, ...rest } = object;
  const metadata = { ...(object.metadata ?? {}) };
  for (const key of SERVER_METADATA) delete metadata[key];
  const annotations = metadata.annotations as Record<string, unknown> | undefined;
  if (annotations && 'kubectl.kubernetes.io/last-applied-configuration' in annotations) {
    const { 'kubectl.kubernetes.io/last-applied-configuration': _last, ...kept } = annotations;
    metadata.annotations = kept;
  }
  return { ...rest, metadata };
}

function maskSecrets(a: Obj | undefined, b: Obj | undefined): void {
  for (const field of ['data', 'stringData']) {
    const [x, y] = [a?.[field] as Record<string, unknown> | undefined, b?.[field] as Record<string, unknown> | undefined];
    for (const key of new Set([...Object.keys(x ?? {}), ...Object.keys(y ?? {})])) {
      const same = x?.[key] === y?.[key];
      if (x && key in x) x[key] = same ? '***' : '*** (before)';
      if (y && key in y) y[key] = same ? '***' : '*** (after)';
    }
  }
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}
