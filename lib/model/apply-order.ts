import { ConfigError } from '../errors.js';
import { createdNamespaces, isIstioTarget, ROLE_RANK, type ManifestTarget } from './targets.js';

/**
 * Fills in what each target needs, from what Istio and Kubernetes require:
 * the namespace it lives in, Istio's CRDs before anything Istio, istiod
 * before a gateway (whose pods istiod injects).
 */
export function inferNeeds(targets: ManifestTarget[]): void {
  const creators = new Map<string, string[]>();
  for (const target of targets) {
    for (const ns of createdNamespaces(target)) creators.set(ns, [...(creators.get(ns) ?? []), target.name]);
  }
  const crds = targets.filter((t) => t.role === 'crds' && t.kind === 'chart' && t.chart.istio === 'base').map((t) => t.name);
  const istiod = targets.filter((t) => t.role === 'control-plane').map((t) => t.name);
  for (const target of targets) {
    // What the config declares stays; what Istio and Kubernetes require is added.
    const needs = new Set<string>(target.needs);
    for (const ns of target.namespaces) for (const creator of creators.get(ns) ?? []) needs.add(creator);
    if (isIstioTarget(target)) crds.forEach((name) => needs.add(name));
    if (target.role === 'gateway') istiod.forEach((name) => needs.add(name));
    needs.delete(target.name);
    target.needs = [...needs];
  }
}

/**
 * Apply order: every target after what it needs; among those free to go,
 * the lower role rank first, then the order the config declares them.
 */
export function applyOrder<T extends Pick<ManifestTarget, 'name' | 'role' | 'needs'>>(targets: readonly T[]): T[] {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const declared = new Map(targets.map((t, i) => [t.name, i]));
  const waiting = new Map(targets.map((t) => [t.name, new Set(t.needs.filter((n) => byName.has(n)))]));
  const out: T[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, needs]) => needs.size === 0).map(([name]) => byName.get(name)!);
    if (ready.length === 0) throw cycleError([...waiting.keys()], byName);
    ready.sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role] || declared.get(a.name)! - declared.get(b.name)!);
    const next = ready[0]!;
    out.push(next);
    waiting.delete(next.name);
    for (const needs of waiting.values()) needs.delete(next.name);
  }
  return out;
}

/** The named targets and everything they need, transitively. */
export function needsClosure(targets: readonly Pick<ManifestTarget, 'name' | 'needs'>[], names: Iterable<string>): Set<string> {
  const byName = new Map(targets.map((t) => [t.name, t]));
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name)) return;
    out.add(name);
    byName.get(name)?.needs.forEach(visit);
  };
  for (const name of names) visit(name);
  return out;
}

function cycleError<T extends Pick<ManifestTarget, 'name' | 'needs'>>(stuck: string[], byName: Map<string, T>): ConfigError {
  const lines = stuck.map(
    (name) =>
      `  ${name} needs ${byName
        .get(name)!
        .needs.filter((n) => stuck.includes(n))
        .join(', ')}`,
  );
  return new ConfigError(`targets need each other in a cycle:\n${lines.join('\n')}`, {
    hint: 'a target cannot need something that needs it; check their `needs`, and the namespaces they live in and create',
  });
}
