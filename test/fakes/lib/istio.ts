// What istiod does in a cluster beyond its pods, as far as mesh's checks see it:
// it patches the CA bundle into its webhook configurations once it runs, its
// sidecar injector mutates pods, and /debug/syncz lists each proxy's xDS state.
import type { Json } from './types.js';

const FAKE_CA = Buffer.from('-----BEGIN CERTIFICATE-----\nfake istiod root ca\n-----END CERTIFICATE-----\n').toString('base64');

/** Whether istiod's Deployment in `namespace` has all its replicas ready. */
function istiodRuns(view: Json, namespace: string): boolean {
  return view
    .workloads()
    .some(
      (w: Json) =>
        w.entry.kind === 'Deployment' &&
        w.entry.name === 'istiod' &&
        w.entry.namespace === namespace &&
        w.ready >= w.desired &&
        w.desired > 0,
    );
}

/** A webhook configuration as istiod leaves it: each webhook calling istiod gets the CA bundle, once istiod runs. */
export function withCaBundle(view: Json, object: Json): Json {
  if (view.faults.istio?.caBundle === 'missing') return object;
  for (const hook of object.webhooks ?? []) {
    const service = hook.clientConfig?.service;
    if (service?.name === 'istiod' && !hook.clientConfig.caBundle && istiodRuns(view, service.namespace))
      hook.clientConfig.caBundle = FAKE_CA;
  }
  return object;
}

/**
 * A pod as the API server returns it after admission: istiod's injector adds
 * the istio-proxy sidecar (a native sidecar, as an init container) to a pod
 * labelled sidecar.istio.io/inject=true, or in a namespace labelled
 * istio-injection=enabled. Returns an error text when the webhook cannot be reached.
 */
export function admitPod(view: Json, pod: Json, namespaceLabels: Record<string, string>): { pod: Json } | { error: string } {
  const wanted = pod.metadata?.labels?.['sidecar.istio.io/inject'] === 'true' || namespaceLabels['istio-injection'] === 'enabled';
  const hooks = view
    .list(
      {
        group: 'admissionregistration.k8s.io',
        kind: 'MutatingWebhookConfiguration',
        namespaced: false,
        resource: 'mutatingwebhookconfigurations',
      },
      undefined,
    )
    .flatMap((c: Json) => c.webhooks ?? [])
    .filter((h: Json) => h.clientConfig?.service?.name === 'istiod');
  if (!wanted || hooks.length === 0) return { pod };
  const service = hooks[0].clientConfig.service;
  const url = `https://${service.name}.${service.namespace}.svc:443/inject?timeout=10s`;
  if (view.faults.istio?.injection === 'broken' || !istiodRuns(view, service.namespace)) {
    return {
      error: `Internal error occurred: failed calling webhook "object.sidecar-injector.istio.io": failed to call webhook: Post "${url}": context deadline exceeded`,
    };
  }
  // Without the CA bundle istiod patches in, the API server cannot trust istiod's serving certificate.
  if (view.faults.istio?.caBundle === 'missing') {
    return {
      error: `Internal error occurred: failed calling webhook "object.sidecar-injector.istio.io": failed to call webhook: Post "${url}": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    };
  }
  const sidecar = { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3', restartPolicy: 'Always', args: ['proxy', 'sidecar'] };
  return { pod: { ...pod, spec: { ...pod.spec, initContainers: [...(pod.spec?.initContainers ?? []), sidecar] } } };
}

/** istiod's /debug/syncz: one entry per proxy (the pods running istio-proxy), each sent and acked, or stale by fault. */
export function syncz(view: Json): Json[] {
  const stale: string[] = view.faults.istio?.stale ?? [];
  return view
    .pods()
    .filter((p: Json) => [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])].some((c: Json) => c.name === 'istio-proxy'))
    .map((p: Json) => {
      const id = `${p.metadata.name}.${p.metadata.namespace}`;
      const nonce = (type: string) => `${type}-${p.metadata.uid}`;
      const lagging = stale.some((prefix) => p.metadata.name.startsWith(prefix));
      return {
        cluster_id: 'Kubernetes',
        proxy: id,
        proxy_type: 'router',
        istio_version: '1.30.3',
        cluster_sent: nonce('c'),
        cluster_acked: nonce('c'),
        listener_sent: nonce('l'),
        listener_acked: lagging ? nonce('l-old') : nonce('l'),
        route_sent: nonce('r'),
        route_acked: nonce('r'),
        endpoint_sent: nonce('e'),
        endpoint_acked: nonce('e'),
      };
    });
}
