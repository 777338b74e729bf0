import type { Package } from '../lib/modules/types.js';
import { problemsFromZod } from '../lib/modules/zod-problems.js';
import { describeValue, type Path, type Problem } from '../lib/text/problem.js';
import { didYouMean, suggestOrList } from '../lib/text/suggest.js';
import { labelProblem, MAX_RELEASE_NAME, isDnsSubdomain } from '../lib/model/names.js';
import { helmChartSchema } from '../lib/modules/helm.js';
import { istioValuesSchemas } from '../lib/modules/istio-values.js';
import { clusterScriptSchema } from '../lib/modules/k3d.js';
import { objectSchema, PACKAGE_TYPES } from './schema.js';
import { plainDataProblems } from './plain-data.js';

/**
 * Checks one `packages` entry. The shape decides what it is: `type` for the
 * mk* chart and script descriptors, `apiVersion`/`kind` for a Kubernetes
 * object, a list for several objects. Returns it when usable.
 */
export function validatePackage(value: unknown, path: Path, clusters: readonly string[], problems: Problem[]): Package | undefined {
  const before = problems.length;
  const data = plainDataProblems(value, path);
  if (data.length > 0) return void problems.push(...data);
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkObject(item, [...path, i], problems));
  } else if (typeof value !== 'object' || value === null) {
    problems.push({
      path,
      message: `expected a package (an mk* result such as mkIstiod() or mkServiceEntry(), or a Kubernetes object), found ${describeValue(value)}`,
    });
  } else if ('type' in value) {
    checkDescriptor(value as Record<string, unknown>, path, clusters, problems);
  } else if ('apiVersion' in value || 'kind' in value) {
    checkObject(value, path, problems);
  } else {
    problems.push({
      path,
      message:
        'expected a package (an mk* result such as mkIstiod() or mkServiceEntry(), or a Kubernetes object with apiVersion and kind), found an object with neither `type` nor `apiVersion`',
    });
  }
  return problems.length === before ? (value as Package) : undefined;
}

function checkDescriptor(value: Record<string, unknown>, path: Path, clusters: readonly string[], problems: Problem[]): void {
  const type = value.type;
  if (type === 'helm-chart') return checkChart(value, path, problems);
  if (type === 'k3d-script') {
    const parsed = clusterScriptSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) return void problems.push(...problemsFromZod(parsed.error.issues, path, clusterScriptSchema));
    const ref = parsed.data.cluster;
    const name = typeof ref === 'string' ? ref : ref.metadata?.name;
    if (name === undefined)
      problems.push({
        path: [...path, 'cluster'],
        message: 'the cluster config has no name; pass the cluster\'s key, e.g. mkClusterScript("dev")',
      });
    else if (typeof ref === 'string' && !clusters.includes(name)) {
      const known = clusters.length ? suggestOrList(name, clusters) : '; there are none';
      problems.push({ path: [...path, 'cluster'], message: `no cluster "${name}" in clusters${known}` });
    }
    return;
  }
  // A YAML or JSON config cannot call mk* functions: say what it can write instead.
  const asObject =
    String(type).toLowerCase() === 'namespace'
      ? ' (a Namespace is written as the object: apiVersion: v1, kind: Namespace, metadata: { name })'
      : '';
  problems.push({
    path: [...path, 'type'],
    message: `unknown package type ${describeValue(type)}${didYouMean(String(type), PACKAGE_TYPES)}; the types are ${PACKAGE_TYPES.map((t) => `"${t}"`).join(' and ')}, and any other package is a Kubernetes object (apiVersion, kind, metadata) or a list of them, with no type${asObject}`,
  });
}

function checkChart(value: Record<string, unknown>, path: Path, problems: Problem[]): void {
  const parsed = helmChartSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return void problems.push(...problemsFromZod(parsed.error.issues, path, helmChartSchema));
  const chart = parsed.data;
  if (chart.istio) {
    const schema = istioValuesSchemas[chart.istio];
    const values = schema.safeParse(chart.values, { reportInput: true });
    if (!values.success) problems.push(...problemsFromZod(values.error.issues, [...path, 'values'], schema));
  }
  const nsProblem = labelProblem(chart.namespace);
  if (nsProblem) problems.push({ path: [...path, 'namespace'], message: `namespace ${nsProblem}` });
  if (!isDnsSubdomain(chart.name, MAX_RELEASE_NAME)) {
    problems.push({
      path: [...path, 'name'],
      message: `release name "${chart.name}" must be lowercase letters, digits, '-' and '.', at most ${MAX_RELEASE_NAME} characters`,
    });
  }
  if (chart.chart.startsWith('oci://') && chart.repo) {
    problems.push({ path: [...path, 'repo'], message: 'an oci:// chart carries its registry in `chart`; remove `repo`' });
  } else if (chart.repo !== undefined && !/^https?:\/\//.test(chart.repo)) {
    const hint = chart.repo.startsWith('oci://')
      ? `; for OCI write chart: "${chart.repo.replace(/\/$/, '')}/${chart.chart}" and no repo`
      : '';
    problems.push({
      path: [...path, 'repo'],
      message: `expected an http:// or https:// chart repository URL, found "${chart.repo}"${hint}`,
    });
  }
}

function checkObject(value: unknown, path: Path, problems: Problem[]): void {
  const parsed = objectSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) problems.push(...problemsFromZod(parsed.error.issues, path, objectSchema));
}
