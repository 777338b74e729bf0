import { isAbsolute, resolve } from 'node:path';
import { chartSourceKind } from '../modules/chart-source.js';
import { declaredNeeds } from '../modules/needs.js';
import { isHelmChart, type HelmChart, type KubernetesObject, type Package } from '../modules/types.js';

/**
 * The kind of a build target decides where it goes in apply order:
 * namespaces, CRDs, control plane, gateways, charts, service entries.
 */
export type Role = 'namespace' | 'crds' | 'control-plane' | 'gateway' | 'chart' | 'objects' | 'service-entry';

export const ROLE_RANK: Record<Role, number> = {
  namespace: 0,
  crds: 1,
  'control-plane': 2,
  gateway: 3,
  chart: 4,
  objects: 4,
  'service-entry': 5,
};

interface TargetBase {
  name: string;
  role: Role;
  /** Namespaces its objects live in. */
  namespaces: string[];
  /** Targets that must be applied first, in the same cluster: those the config declares, and those mesh infers. */
  needs: string[];
}

export interface ChartTarget extends TargetBase {
  kind: 'chart';
  /** version and repo filled in from the Istio defaults; a local chart path made absolute. */
  chart: HelmChart & { version?: string };
}

export interface ObjectsTarget extends TargetBase {
  kind: 'objects';
  objects: KubernetesObject[];
}

export type ManifestTarget = ChartTarget | ObjectsTarget;

export interface Istio {
  version: string;
  repo: string;
}

/** Turns a package into a target: resolves Istio defaults and local paths, and classifies it. */
export function toTarget(name: string, pkg: Package, istio: Istio, configDir: string): ManifestTarget {
  if (isHelmChart(pkg)) {
    const chart: HelmChart = { ...pkg };
    if (chart.istio) {
      chart.version ??= istio.version;
      chart.repo ??= istio.repo;
    }
    if (chartSourceKind(chart) === 'local' && !isAbsolute(chart.chart)) chart.chart = resolve(configDir, chart.chart);
    if (chart.valuesFiles) chart.valuesFiles = chart.valuesFiles.map((file) => resolve(configDir, file));
    return { kind: 'chart', name, role: chartRole(chart), chart, namespaces: [chart.namespace], needs: declaredNeeds(pkg) };
  }
  const objects = Array.isArray(pkg) ? pkg : [pkg as KubernetesObject];
  const namespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n))];
  return { kind: 'objects', name, role: objectsRole(objects), objects, namespaces, needs: declaredNeeds(pkg) };
}

export function isIstioTarget(target: ManifestTarget): boolean {
  if (target.kind === 'chart') return target.chart.istio !== undefined && target.chart.istio !== 'base';
  return target.objects.some((o) => o.apiVersion.split('/')[0]?.endsWith('.istio.io'));
}

/** Namespaces the target's objects create. */
export function createdNamespaces(target: ManifestTarget): string[] {
  if (target.kind !== 'objects') return [];
  return target.objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata.name);
}

function chartRole(chart: HelmChart): Role {
  if (chart.istio === 'base') return 'crds';
  if (chart.istio === 'istiod') return 'control-plane';
  if (chart.istio === 'gateway') return 'gateway';
  return 'chart';
}

function objectsRole(objects: KubernetesObject[]): Role {
  if (objects.length > 0 && objects.every((o) => o.kind === 'Namespace')) return 'namespace';
  if (objects.some((o) => o.kind === 'CustomResourceDefinition')) return 'crds';
  if (objects.length > 0 && objects.every((o) => o.kind === 'ServiceEntry')) return 'service-entry';
  return 'objects';
}
