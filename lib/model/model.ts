import { dirname, resolve } from 'node:path';
import type { Env } from '../process/find-binary.js';
import { isClusterScript, type K3dSimpleConfig } from '../modules/types.js';
import { DEFAULT_ISTIO_REPO, DEFAULT_ISTIO_VERSION, ENV } from './defaults.js';
import { applyOrder, inferNeeds, needsClosure } from './apply-order.js';
import { withMeshDns } from './mesh-dns.js';
import { withPlainTcpToOtherClusters } from './cross-cluster-tls.js';
import { withClusterDns } from './cluster-dns.js';
import { withSharedNetworks } from './shared-network.js';
import { allocatePorts } from './host-ports.js';
import { applyClusterKubeVersions } from './kube-version.js';
import { toTarget, type Istio, type ManifestTarget } from './targets.js';
import type { ValidConfig } from './valid-config.js';
import type { GitopsConfig } from '../modules/gitops-schema.js';
import { registryModel, withRegistry, type RegistryModel } from './registry.js';

export type Origin = 'flag' | 'env' | 'config' | 'default';

/** A cluster mesh makes with k3d, or an existing one it reaches by a kubeconfig context. */
export type ClusterModel = K3dClusterModel | ExistingClusterModel;

interface ClusterBase {
  name: string;
  /** The kubeconfig context mesh reaches it by: the one k3d creates, or the one the config names. */
  context: string;
  /** Its manifest targets, in apply order. */
  targets: string[];
  /** Host ports it maps, for `mesh list` and `mesh doctor`. */
  hostPorts: number[];
}

export interface K3dClusterModel extends ClusterBase {
  kind: 'k3d';
  /** The k3d config with its name set and host ports that do not clash with other clusters'. */
  config: K3dSimpleConfig;
}

export interface ExistingClusterModel extends ClusterBase {
  kind: 'existing';
  /** Its own kubeconfig file (absolute), when the config names one. */
  kubeconfig?: string;
}

export interface ScriptTarget {
  name: string;
  cluster: string;
  config: K3dSimpleConfig;
}

/** Everything mesh knows after loading a config: pure data, no I/O left to do. */
export interface Model {
  file: string;
  dir: string;
  istio: Istio & { origin: { version: Origin; repo: Origin } };
  clusters: ClusterModel[];
  /** Manifest targets in apply order. */
  targets: ManifestTarget[];
  scripts: ScriptTarget[];
  /** The config's `wait.timeout` in seconds, if it sets one. */
  waitSeconds?: number;
  /** The config's `gitops` block, for `mesh render --format argocd|flux`. */
  gitops: GitopsConfig;
  /** The registry every k3d cluster pulls through, when the config has one. */
  registry?: RegistryModel;
}

export interface Overrides {
  istioVersion?: string;
  istioRepo?: string;
}

/** flag > environment > config file > built-in default. */
export function buildModel(valid: ValidConfig, file: string, env: Env, flags: Overrides): Model {
  const [version, versionOrigin] = pick(flags.istioVersion, env[ENV.istioVersion], valid.istio.version, DEFAULT_ISTIO_VERSION);
  const [repo, repoOrigin] = pick(flags.istioRepo, env[ENV.istioRepo], valid.istio.repo, DEFAULT_ISTIO_REPO);
  const istio = { version, repo: repo.replace(/\/+$/, '') };
  const dir = dirname(file);
  const targets: ManifestTarget[] = [];
  const scripts: ScriptTarget[] = [];
  const allocated = allocatePorts(valid.clusters.flatMap((c) => (c.kind === 'k3d' ? [c] : [])));
  for (const { name, pkg } of valid.packages) {
    if (isClusterScript(pkg)) {
      const ref = pkg.cluster;
      const clusterName = typeof ref === 'string' ? ref : ref.metadata!.name!;
      const known = allocated.find((c) => c.name === clusterName);
      scripts.push({ name, cluster: clusterName, config: known?.config ?? (ref as K3dSimpleConfig) });
      continue;
    }
    targets.push(toTarget(name, pkg, istio, dir));
  }
  const meshed = withClusterDns(withPlainTcpToOtherClusters(withMeshDns(targets)));
  inferNeeds(meshed);
  const ordered = applyOrder(meshed);
  const registry = registryModel(valid.registry);
  const placed = valid.clusters.map((cluster): ClusterModel => {
    // A cluster that gets a target gets what it needs too, e.g. its namespace.
    const wanted = valid.deploy[cluster.name] ? needsClosure(ordered, valid.deploy[cluster.name]!) : undefined;
    const targets = ordered.map((t) => t.name).filter((t) => !wanted || wanted.has(t));
    if (cluster.kind === 'existing') {
      const own = cluster.kubeconfig === undefined ? {} : { kubeconfig: resolve(dir, expandHome(cluster.kubeconfig, env)) };
      return { kind: 'existing', name: cluster.name, context: cluster.context, targets, hostPorts: [], ...own };
    }
    const { config, hostPorts } = allocated.find((a) => a.name === cluster.name)!;
    const pulling = withRegistry(cluster.name, config, registry);
    return { kind: 'k3d', name: cluster.name, config: pulling, context: `k3d-${cluster.name}`, targets, hostPorts };
  });
  const clusters = withSharedNetworks(placed, ordered);
  applyClusterKubeVersions(
    ordered,
    // An existing cluster's version is its API server's, known only once it is asked.
    clusters.map((c) => ({ image: c.kind === 'k3d' ? c.config.image : undefined, targets: c.targets })),
  );
  const waits = valid.waitSeconds === undefined ? {} : { waitSeconds: valid.waitSeconds };
  return {
    file,
    dir,
    istio: { ...istio, origin: { version: versionOrigin, repo: repoOrigin } },
    clusters,
    targets: ordered,
    scripts,
    gitops: valid.gitops,
    ...(registry === undefined ? {} : { registry }),
    ...waits,
  };
}

function pick(flag: string | undefined, env: string | undefined, config: string | undefined, fallback: string): [string, Origin] {
  if (flag) return [flag, 'flag'];
  if (env) return [env, 'env'];
  if (config) return [config, 'config'];
  return [fallback, 'default'];
}

function expandHome(path: string, env: Env): string {
  return path === '~' || path.startsWith('~/') ? `${env.HOME ?? ''}${path.slice(1)}` : path;
}
