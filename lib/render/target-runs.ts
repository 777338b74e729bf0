import { MeshError } from '../errors.js';

/**
 * The failures of several targets as one error: targets that failed for the
 * same reason (helm missing, a repository down) are one line, not one each.
 * A failure that is not a MeshError is a bug, and is thrown as it is.
 */
export function combineTargetFailures(errors: unknown[]): unknown {
  if (errors.length === 1) return errors[0];
  const bug = errors.find((e) => !(e instanceof MeshError));
  if (bug) return bug;
  const mesh = errors as MeshError[];
  const groups = new Map<string, string[]>();
  for (const error of mesh) {
    const cause = error.cause instanceof MeshError && error.message.endsWith(`: ${error.cause.message}`) ? error.cause.message : undefined;
    const reason = cause ?? error.message;
    const target = cause === undefined ? undefined : error.message.slice(0, -cause.length - 2);
    groups.set(reason, [...(groups.get(reason) ?? []), ...(target ? [target] : [])]);
  }
  const lines = [...groups].map(([reason, targets]) => (targets.length ? `${targets.join(', ')}: ${reason}` : reason));
  const hints = [...new Set(mesh.map((e) => e.hint).filter(Boolean))];
  return new MeshError(`${mesh.length} targets failed:\n${lines.map((l) => `  ${l.split('\n').join('\n  ')}`).join('\n')}`, {
    exitCode: Math.max(...mesh.map((e) => e.exitCode)) === 2 ? 2 : 1,
    ...(hints.length ? { hint: hints.join('; ') } : {}),
  });
}

/** Runs `fn` on each item, at most `limit` at once, and keeps each outcome, so one failure stops no other. */
export async function mapSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<Array<{ value: R } | { error: unknown }>> {
  const out: Array<{ value: R } | { error: unknown }> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { value: await fn(items[i]!) };
      } catch (error) {
        out[i] = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
