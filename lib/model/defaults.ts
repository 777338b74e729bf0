/**
 * Built-in defaults: the last step of flag > environment > config file > default.
 * Each is one constant so README, `mesh list` and tests all say the same thing.
 */

/** Istio's patch release carrying the fix for ISTIO-SECURITY-2026-006 on the 1.30 line. */
export const DEFAULT_ISTIO_VERSION = '1.30.4';

/** Istio publishes every version's charts here; the googleapis bucket is being retired. */
export const DEFAULT_ISTIO_REPO = 'https://blob.istio.io/istio-release/charts';

export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

/** Kubernetes 1.35, inside the 1.32 to 1.36 range Istio 1.30 supports. */
export const DEFAULT_K3S_IMAGE = 'rancher/k3s:v1.35.2-k3s1';

/** Host ports mapped to the cluster load balancer, where the Istio ingress gateway listens. */
export const DEFAULT_GATEWAY_PORTS = [
  { host: 80, container: 80 },
  { host: 443, container: 443 },
] as const;

export const DEFAULT_OUT_DIR = 'result';

export const LOCK_FILE = 'mesh.lock.json';

/** The environment variables mesh reads, each documented in README. */
export const ENV = {
  istioVersion: 'MESH_ISTIO_VERSION',
  istioRepo: 'MESH_ISTIO_REPO',
  cacheDir: 'MESH_CACHE_DIR',
} as const;
