import { dirname } from 'node:path';
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

export type Origin = 'flag' | 'env' | 'config' | 'default';

export interface ClusterModel {
  name: string;
  /** The k3d config with its name set and host ports that do not clash with other clusters'. */
  config: K3dSimpleConfig;
  /** The kubeconfig context k3d creates for it. */
  context: string;
  /** Its manifest targets, in apply order. */
  targets: string[];
  /** Host ports it maps, for `mesh list` and `mesh doctor`. */
  hostPorts: number[];
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
  const allocated = allocatePorts(valid.clusters);
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
  const placed = allocated.map(({ name, config, hostPorts }) => {
    // A cluster that gets a target gets what it needs too, e.g. its namespace.
    const wanted = valid.deploy[name] ? needsClosure(ordered, valid.deploy[name]!) : undefined;
    const names = ordered.map((t) => t.name).filter((t) => !wanted || wanted.has(t));
    return { name, config, context: `k3d-${name}`, targets: names, hostPorts };
  });
  const clusters = withSharedNetworks(placed, ordered);
  applyClusterKubeVersions(
    ordered,
    clusters.map((c) => ({ image: c.config.image, targets: c.targets })),
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
    ...waits,
  };
}

function pick(flag: string | undefined, env: string | undefined, config: string | undefined, fallback: string): [string, Origin] {
  if (flag) return [flag, 'flag'];
  if (env) return [env, 'env'];
  if (config) return [config, 'config'];
  return [fallback, 'default'];
}
