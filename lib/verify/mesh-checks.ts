import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { plural } from '../text/plural.js';

export interface MeshCheck {
  check: string;
  ok: boolean;
  detail: string;
}

interface Webhooks {
  metadata: { name: string };
  webhooks?: Array<{ name?: string; clientConfig?: { caBundle?: string; service?: { name?: string } } }>;
}

interface SyncStatus {
  proxy?: string;
  [field: string]: unknown;
}

const XDS = ['cluster', 'listener', 'route', 'endpoint'] as const;

// A pod that istiod's injector would mutate; applied with --dry-run=server only, so it never exists.
const PROBE = `apiVersion: v1
kind: Pod
metadata:
  name: mesh-verify-injection
  labels:
    sidecar.istio.io/inject: "true"
spec:
  containers:
    - name: probe
      image: busybox:1.37
`;

/** The injector's webhook configuration as the cluster has it: every webhook that calls a service carries a CA bundle. */
export function caBundleCheck(name: string, live: Webhooks | undefined): MeshCheck {
  const hooks = (live?.webhooks ?? []).filter((h) => h.clientConfig?.service);
  const missing = hooks.filter((h) => !h.clientConfig?.caBundle).map((h) => h.name ?? '(unnamed)');
  const ok = live !== undefined && hooks.length > 0 && missing.length === 0;
  const detail =
    live === undefined ? 'not found' : ok ? `${plural(hooks.length, 'webhook')} with a CA bundle` : `no CA bundle on ${missing.join(', ')}`;
  return { check: `${name} has its CA bundle`, ok, detail };
}

/** Sidecar injection as a workload meets it: a pod created in dry run comes back from the API server with istio-proxy. */
export async function injectionCheck(kubectl: KubectlAdapter, context: string, signal: AbortSignal): Promise<MeshCheck> {
  const check = 'sidecar injection works';
  const result = await kubectl.dryRunApply({ context, namespace: 'default', manifest: PROBE }, signal);
  if ('refused' in result) return { check, ok: false, detail: `a pod to inject was refused: ${result.refused}` };
  const spec = (result.object as { spec?: { containers?: Array<{ name?: string }>; initContainers?: Array<{ name?: string }> } }).spec;
  const injected = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].some((c) => c.name === 'istio-proxy');
  return {
    check,
    ok: injected,
    detail: injected ? 'a pod gets istio-proxy (server dry run)' : 'a pod labelled for injection came back without istio-proxy',
  };
}

/** A LoadBalancer Service of a gateway has an address (k3s's ServiceLB gives it the nodes' addresses). */
export async function gatewayAddressCheck(
  kubectl: KubectlAdapter,
  context: string,
  namespace: string,
  name: string,
  signal: AbortSignal,
): Promise<MeshCheck> {
  const service = await kubectl.getJson<{ status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } } }>(
    { context, resource: 'service', name, namespace },
    signal,
  );
  const addresses = (service?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
  const detail =
    service === undefined ? 'not found' : addresses.length ? addresses.join(', ') : 'no address yet (pending): is the host port taken?';
  return { check: `gateway service ${name} has an address`, ok: addresses.length > 0, detail };
}

/**
 * Every proxy in the Istio namespaces has acknowledged what istiod last sent
 * it (istiod's /debug/syncz through the API server's service proxy, as
 * `istioctl proxy-status` reads it).
 */
export async function proxySyncCheck(
  kubectl: KubectlAdapter,
  context: string,
  istiodNamespace: string,
  namespaces: readonly string[],
  signal: AbortSignal,
): Promise<MeshCheck> {
  const check = 'proxies in sync with istiod';
  const answer = await kubectl.getRaw(
    { context, path: `/api/v1/namespaces/${istiodNamespace}/services/istiod:15014/proxy/debug/syncz` },
    signal,
  );
  if ('refused' in answer)
    return { check, ok: false, detail: `istiod's /debug/syncz did not answer (through the API server's service proxy): ${answer.refused}` };
  let statuses: SyncStatus[];
  try {
    statuses = JSON.parse(answer.text) as SyncStatus[];
  } catch {
    return { check, ok: false, detail: "istiod's /debug/syncz did not answer with JSON" };
  }
  const mine = statuses.filter((s) => namespaces.some((ns) => s.proxy?.endsWith(`.${ns}`)));
  const stale = mine.filter((s) => XDS.some((type) => s[`${type}_sent`] && s[`${type}_sent`] !== s[`${type}_acked`]));
  const detail = stale.length
    ? `not in sync: ${stale.map((s) => s.proxy).join(', ')}`
    : `${plural(mine.length, 'proxy', 'proxies')} in sync`;
  return { check, ok: stale.length === 0, detail };
}
