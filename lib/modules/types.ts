/**
 * What the mk* functions return. Every value is plain data (no functions, no
 * classes), so a config written in JSON or YAML can say the same thing as one
 * written in TypeScript, and mesh can hash, print and compare it.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface HelmValues {
  [key: string]: unknown;
}

/** A Helm chart to render with `helm template`: from a repo, an OCI registry or a local path. */
export interface HelmChart<V extends HelmValues = HelmValues> {
  type: 'helm-chart';
  /** The release name. */
  name: string;
  /** A chart name in `repo`, an `oci://` reference, or a local directory or .tgz path. */
  chart: string;
  /** An http(s) chart repository URL; not used for `oci://` or local charts. */
  repo?: string;
  /** An exact version or a range; left out means the newest, recorded in the lock file on first render. */
  version?: string;
  namespace: string;
  /** Merged over the chart's own defaults, exactly as `helm template -f` does. */
  values: V;
  /** Include the chart's `crds/` folder in the output (default true, so `kubectl apply` gets them). */
  includeCrds?: boolean;
  /** Talk plain HTTP to an OCI registry (a local registry without TLS). */
  plainHttp?: boolean;
  /** The Kubernetes version charts see as `.Capabilities.KubeVersion`. */
  kubeVersion?: string;
  /** Set by the Istio helpers: the chart follows the config's `istio.version` and `istio.repo`. */
  istio?: 'base' | 'istiod' | 'gateway';
}

/** `result/<target>/bin/k3d-create` and `k3d-delete` for one cluster. */
export interface ClusterScript {
  type: 'k3d-script';
  /** A cluster of the config's `clusters`, by name, or a cluster config with `metadata.name`. */
  cluster: string | K3dSimpleConfig;
}

/** Anything that can sit under `packages`: its key is the build target's name. */
export type Package = HelmChart | ClusterScript | KubernetesObject | KubernetesObject[];

export interface NodeFiltered {
  nodeFilters?: string[];
}

/** k3d's `apiVersion: k3d.io/v1alpha5`, `kind: Simple` cluster config file. */
export interface K3dSimpleConfig {
  apiVersion: 'k3d.io/v1alpha5';
  kind: 'Simple';
  metadata?: { name?: string };
  servers?: number;
  agents?: number;
  kubeAPI?: { host?: string; hostIP?: string; hostPort?: string };
  image?: string;
  network?: string;
  subnet?: string;
  token?: string;
  volumes?: Array<{ volume?: string } & NodeFiltered>;
  ports?: Array<{ port?: string } & NodeFiltered>;
  files?: Array<{ source: string; destination: string; description?: string } & NodeFiltered>;
  options?: {
    k3d?: {
      wait?: boolean;
      timeout?: string;
      disableLoadbalancer?: boolean;
      disableImageVolume?: boolean;
      disableRollback?: boolean;
      loadbalancer?: { configOverrides?: string[] };
    };
    k3s?: {
      extraArgs?: Array<{ arg?: string } & NodeFiltered>;
      nodeLabels?: Array<{ label?: string } & NodeFiltered>;
    };
    kubeconfig?: { updateDefaultKubeconfig?: boolean; switchCurrentContext?: boolean };
    runtime?: {
      gpuRequest?: string;
      serversMemory?: string;
      agentsMemory?: string;
      hostPidMode?: boolean;
      labels?: Array<{ label?: string } & NodeFiltered>;
      ulimits?: Array<{ name?: string; soft?: number; hard?: number }>;
    };
  };
  env?: Array<{ envVar?: string } & NodeFiltered>;
  registries?: {
    create?: {
      name?: string;
      host?: string;
      hostPort?: string;
      image?: string;
      proxy?: { remoteURL?: string; username?: string; password?: string };
      volumes?: string[];
      enforcePortMatch?: boolean;
    };
    use?: string[];
    config?: string;
  };
  hostAliases?: Array<{ ip?: string; hostnames?: string[] }>;
}

/** The whole of a mesh config: what `defineConfig` takes and `mesh.config.ts` exports. */
export interface MeshConfig {
  /** Defaults for the Istio helpers; `MESH_ISTIO_VERSION` and `MESH_ISTIO_REPO` override them. */
  istio?: { version?: string; repo?: string };
  /** Cluster name -> `mkClusterConfig({...})`. The key is the k3d cluster name. */
  clusters?: Record<string, K3dSimpleConfig>;
  /** Target name -> any mk* result, as the flake's `packages`. */
  packages?: Record<string, Package>;
  /** Cluster name -> the targets it gets. A cluster left out gets every package. */
  deploy?: Record<string, string[]>;
  /** How long `mesh up` waits for each thing to be ready (`90s`, `5m`; default 5m); `--timeout` overrides it. */
  wait?: { timeout?: string | number };
}

export function isHelmChart(pkg: Package): pkg is HelmChart {
  return !Array.isArray(pkg) && (pkg as { type?: unknown }).type === 'helm-chart';
}

export function isClusterScript(pkg: Package): pkg is ClusterScript {
  return !Array.isArray(pkg) && (pkg as { type?: unknown }).type === 'k3d-script';
}
