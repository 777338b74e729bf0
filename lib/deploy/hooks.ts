/**
 * Helm hooks as far as server-side apply can follow them. `helm template`
 * prints hooks among the chart's objects; Helm itself would run them at
 * points of an install. mesh applies the install and upgrade hooks at those
 * points, leaves test, delete and rollback hooks out, and recreates a hook
 * whose delete policy says so, so a changed Job can run again.
 */

export type HookPhase = 'pre' | 'post' | 'skip';

export interface Hook {
  phase: HookPhase;
  /** `helm.sh/hook-weight`: lower first, as Helm orders them. */
  weight: number;
  /** Delete the previous object before applying (Helm's `before-hook-creation`, its default policy). */
  recreate: boolean;
  /** Delete it once its phase has succeeded (Helm's `hook-succeeded`). */
  cleanUp: boolean;
}

interface Annotated {
  metadata?: { annotations?: Record<string, unknown> };
}

/** The hook an object is, or undefined for an ordinary object. */
export function hookOf(object: Annotated): Hook | undefined {
  const annotations = object.metadata?.annotations ?? {};
  const raw = annotations['helm.sh/hook'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const events = raw.split(',').map((e) => e.trim());
  const phase: HookPhase = events.some((e) => e === 'pre-install' || e === 'pre-upgrade')
    ? 'pre'
    : events.some((e) => e === 'post-install' || e === 'post-upgrade')
      ? 'post'
      : 'skip';
  const weight = Number.parseInt(String(annotations['helm.sh/hook-weight'] ?? '0'), 10);
  const policies = String(annotations['helm.sh/hook-delete-policy'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    phase,
    weight: Number.isNaN(weight) ? 0 : weight,
    recreate: policies.length === 0 || policies.includes('before-hook-creation'),
    cleanUp: policies.includes('hook-succeeded'),
  };
}
