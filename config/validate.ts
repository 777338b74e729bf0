import { ConfigError } from '../lib/errors.js';
import { defaultedFields, mkClusterConfig, DEFAULTED } from '../lib/modules/k3d.js';
import { isHelmChart, type HelmChart, type K3dSimpleConfig } from '../lib/modules/types.js';
import { problemsFromZod } from '../lib/modules/zod-problems.js';
import { describeValue, formatPath, type Problem } from '../lib/text/problem.js';
import { suggestOrList } from '../lib/text/suggest.js';
import { parseDuration } from '../lib/text/duration.js';
import { labelProblem, MAX_CLUSTER_NAME } from '../lib/model/names.js';
import { validatePackage } from './validate-package.js';
import { validateRemoteRefs } from './validate-refs.js';
import { hostPortClashes } from '../lib/model/host-ports.js';
import { declaredNeeds } from '../lib/modules/needs.js';
import type { ValidCluster, ValidConfig } from '../lib/model/valid-config.js';
import { clusterSchema } from '../lib/modules/k3d-schema.js';
import { existingClusterSchema, isExistingCluster } from '../lib/modules/existing-cluster.js';
import { rootSchema } from './schema.js';

/**
 * Checks a loaded config completely and reports every problem at once, each
 * with its path, what was expected and what was found.
 */
export function validateConfig(value: unknown, shown: string): ValidConfig {
  const problems: Problem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(
      `${shown}: the config must export an object (export default defineConfig({...})), found ${describeValue(value)}`,
      {
        hint: 'see README, "The config"',
      },
    );
  }
  const root = rootSchema.safeParse(value, { reportInput: true });
  if (!root.success) problems.push(...problemsFromZod(root.error.issues, [], rootSchema));
  const raw = value as Record<string, unknown>;
  const clusters = validateClusters(entriesOf(raw.clusters), problems);
  for (const clash of hostPortClashes(clusters.flatMap((c) => (c.kind === 'k3d' ? [c] : [])))) {
    problems.push({
      path: ['clusters', clash.cluster, 'ports', clash.index, 'port'],
      message: `host port ${clash.port} is also mapped by cluster "${clash.other}"; two clusters cannot bind one host port, so give one of them another`,
    });
  }
  const packages: ValidConfig['packages'] = [];
  const clusterNames = clusters.map((c) => c.name);
  for (const [name, pkg] of entriesOf(raw.packages)) {
    const bad = labelProblem(name);
    if (bad) problems.push({ path: ['packages', name], message: `target name ${bad}` });
    if (clusterNames.includes(name)) {
      problems.push({
        path: ['packages', name],
        message: `"${name}" is also a cluster name; clusters are build targets too, so give one of them another name`,
      });
    }
    const checked = validatePackage(pkg, ['packages', name], clusterNames, problems);
    if (checked) packages.push({ name, pkg: checked });
  }
  // Every target the config names, valid or not: one with a problem of its
  // own is still there, and must not also be reported as missing.
  const deploy = validateDeploy(
    raw.deploy,
    clusterNames,
    entriesOf(raw.packages).map(([name]) => name),
    problems,
  );
  validateReleases(packages, clusterNames, deploy, problems);
  validateRemoteRefs(packages, clusters, deploy, problems);
  validateNeeds(
    packages,
    entriesOf(raw.packages).map(([name]) => name),
    problems,
  );
  const timeout = (raw.wait as { timeout?: string | number } | undefined)?.timeout;
  const waitSeconds = timeout === undefined ? undefined : parseDuration(timeout);
  if (timeout !== undefined && waitSeconds === undefined) {
    problems.push({
      path: ['wait', 'timeout'],
      message: `expected a duration such as "90s", "5m" or "1m30s", found ${JSON.stringify(timeout)}`,
    });
  }
  if (problems.length > 0) throw configProblems(shown, problems);
  const istio = (raw.istio ?? {}) as ValidConfig['istio'];
  const gitops = (raw.gitops ?? {}) as ValidConfig['gitops'];
  const registry = raw.registry as ValidConfig['registry'];
  return {
    istio,
    clusters,
    packages,
    deploy,
    gitops,
    ...(registry === undefined ? {} : { registry }),
    ...(waitSeconds === undefined ? {} : { waitSeconds }),
  };
}

export function configProblems(shown: string, problems: readonly Problem[]): ConfigError {
  const lines = problems.slice(0, 25).map((p) => `  ${formatPath(p.path) || '(top level)'}: ${p.message}`);
  if (problems.length > 25) lines.push(`  … and ${problems.length - 25} more`);
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  return new ConfigError(`${shown} has ${count}:\n${lines.join('\n')}`, {
    hint: `fix ${problems.length === 1 ? 'it' : 'them'} in ${shown}`,
  });
}

// The root schema reports a `clusters`, `packages` or `deploy` that is not an
// object; walking a string's characters or a list's indexes only adds noise.
function entriesOf(value: unknown): Array<[string, unknown]> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [];
}

function validateClusters(entries: Array<[string, unknown]>, problems: Problem[]): ValidCluster[] {
  const out: ValidCluster[] = [];
  for (const [name, entry] of entries) {
    const path = ['clusters', name];
    const bad = labelProblem(name, MAX_CLUSTER_NAME);
    if (bad) problems.push({ path, message: `cluster name ${bad}` });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({
        path,
        message: `expected mkClusterConfig({...}), mkExistingCluster({...}) or an object of k3d fields, found ${describeValue(entry)}`,
      });
      continue;
    }
    if (isExistingCluster(entry)) {
      const parsed = existingClusterSchema.safeParse(entry, { reportInput: true });
      if (!parsed.success) problems.push(...problemsFromZod(parsed.error.issues, path, existingClusterSchema));
      else {
        const { context, kubeconfig } = parsed.data;
        out.push({ kind: 'existing', name, context, ...(kubeconfig === undefined ? {} : { kubeconfig }) });
      }
      continue;
    }
    // JSON and YAML configs give mkClusterConfig's arguments; TypeScript ones its result.
    const config =
      DEFAULTED in entry ? (entry as unknown as K3dSimpleConfig) : mkClusterConfig(entry as Parameters<typeof mkClusterConfig>[0]);
    const parsed = clusterSchema.safeParse(config, { reportInput: true });
    if (!parsed.success) problems.push(...problemsFromZod(parsed.error.issues, path, clusterSchema));
    const given = config.metadata?.name;
    if (given !== undefined && given !== name) {
      problems.push({
        path: [...path, 'metadata', 'name'],
        message: `"${given}" differs from the cluster's key "${name}"; the key names the cluster, so drop the name or make them equal`,
      });
    }
    out.push({ kind: 'k3d', name, config, defaulted: defaultedFields(config) });
  }
  return out;
}

function validateDeploy(deploy: unknown, clusters: string[], targets: string[], problems: Problem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [cluster, list] of entriesOf(deploy)) {
    if (!clusters.includes(cluster)) {
      problems.push({ path: ['deploy', cluster], message: `no cluster "${cluster}" in clusters${suggestOrList(cluster, clusters)}` });
    }
    if (!Array.isArray(list)) continue;
    list.forEach((target, i) => {
      if (typeof target === 'string' && !targets.includes(target)) {
        problems.push({ path: ['deploy', cluster, i], message: `no target "${target}" in packages${suggestOrList(target, targets)}` });
      }
    });
    out[cluster] = list.filter((t): t is string => typeof t === 'string');
  }
  return out;
}

/**
 * Helm keeps one release per name and namespace, so two charts that would
 * install the same release into one cluster overwrite each other. Charts that
 * `deploy` sends to different clusters do not meet; with no clusters, the
 * rendered manifests go to one cluster, so all of them meet.
 */
function validateReleases(
  packages: ValidConfig['packages'],
  clusters: string[],
  deploy: Record<string, string[]>,
  problems: Problem[],
): void {
  const receivers = (target: string) => (clusters.length === 0 ? [''] : clusters.filter((c) => !deploy[c] || deploy[c].includes(target)));
  const seen: Array<{ name: string; chart: HelmChart }> = [];
  for (const { name, pkg } of packages) {
    if (!isHelmChart(pkg)) continue;
    const mine = receivers(name);
    const meets = (other: string) => receivers(other).find((c) => mine.includes(c));
    const other = seen.find(({ name: o, chart }) => chart.name === pkg.name && chart.namespace === pkg.namespace && meets(o) !== undefined);
    seen.push({ name, chart: pkg });
    if (!other) continue;
    const where = meets(other.name) ? ` in cluster "${meets(other.name)}"` : '';
    problems.push({
      path: ['packages', name, 'name'],
      message: `release "${pkg.name}" in namespace "${pkg.namespace}" is also ${formatPath(['packages', other.name])}'s${where}; Helm keeps one release per name and namespace, so give one of them another name or namespace`,
    });
  }
}

/** `needs` names targets of this config, and never the target itself. */
function validateNeeds(packages: ValidConfig['packages'], targets: string[], problems: Problem[]): void {
  for (const { name, pkg } of packages) {
    declaredNeeds(pkg).forEach((need, i) => {
      const path = ['packages', name, 'needs', i];
      if (need === name) problems.push({ path, message: `"${name}" cannot need itself` });
      else if (!targets.includes(need)) problems.push({ path, message: `no target "${need}" in packages${suggestOrList(need, targets)}` });
    });
  }
}
