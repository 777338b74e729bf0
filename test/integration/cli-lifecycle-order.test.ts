import { describe, expect, test } from 'vitest';
import type { FakeCall } from '../fakes/install.js';
import {
  cleanUpLifecycle,
  cluster,
  fakes,
  FULL_PACKAGES,
  isInventoryCall,
  lifecycleProject,
  line,
  mesh,
  said,
  EXTERNAL_PXC,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18420;

/** A kubectl call of the deploy, named by what it does; undefined for calls this test does not name. */
function step(call: FakeCall): string {
  const args = call.argv.slice(2);
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  if (args.includes('apply')) {
    const stdin = call.stdin ?? '';
    const kinds = [...stdin.matchAll(/^kind: (\S+)/gm)].map((m) => m[1]);
    if (kinds.every((k) => k === 'Namespace'))
      return `apply namespaces ${[...stdin.matchAll(/^ {2}name: (\S+)/gm)].map((m) => m[1]).join(',')}`;
    if (kinds.includes('CustomResourceDefinition')) return `apply base CRDs -n ${at('-n')}`;
    if (/name: istio-reader-service-account$/m.test(stdin) && !kinds.includes('Deployment')) return `apply base -n ${at('-n')}`;
    if (kinds.every((k) => k?.endsWith('WebhookConfiguration'))) return `apply webhooks ${kinds.length} -n ${at('-n')}`;
    if (kinds.includes('ServiceEntry')) return 'apply ServiceEntry';
    if (/name: istiod$/m.test(stdin)) return `apply istiod -n ${at('-n')}`;
    if (/name: istio-ingressgateway$/m.test(stdin)) return `apply gateway -n ${at('-n')}`;
    return `apply ${kinds.join(',')}${at('-n') ? ` -n ${at('-n')}` : ''}`;
  }
  if (args[0] === 'wait') return `wait ${args[1]}`;
  if (args.includes('rollout')) return `rollout ${args[args.indexOf('status') + 1]} -n ${at('-n')}`;
  if (args[0] === 'get' && args[1] === 'endpointslices') return `get endpointslices ${at('-l')}`;
  return `${args[0]} ${args[1]}`;
}

describe('mesh up applies in the phases Istio needs (fake k3d, kubectl and docker; real helm)', () => {
  test('namespaces, istio-system, base CRDs Established then the rest of base, istiod, its endpoints then its webhooks, gateway, chart, ServiceEntry, then verify', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${FULL_PACKAGES} }`);
    const run = await mesh(tools, cwd, ['up']);
    expect(run.code, said(run)).toBe(0);

    const calls = tools.calls();
    const create = calls.findIndex((c) => c.tool === 'k3d' && c.argv.join(' ') === 'cluster create --config -');
    const kubectl = calls.filter((c) => c.tool === 'kubectl' && c.argv[0] === '--context' && !isInventoryCall(c));
    expect(calls.indexOf(kubectl[0]!)).toBeGreaterThan(create);
    const deploy = kubectl.map(step);
    const serviceEntry = deploy.indexOf('apply ServiceEntry');
    expect(deploy.slice(0, serviceEntry + 1)).toEqual([
      'apply namespaces istio-ingress',
      'apply namespaces istio-system',
      'apply base CRDs -n istio-system',
      'wait --for=condition=Established',
      'apply base -n istio-system',
      'apply istiod -n istio-system',
      'rollout deployment/istiod -n istio-system',
      'get endpointslices kubernetes.io/service-name=istiod',
      'apply webhooks 2 -n istio-system',
      'apply gateway -n istio-ingress',
      'rollout deployment/istio-ingressgateway -n istio-ingress',
      'apply Deployment -n default',
      'rollout deployment/app -n default',
      'apply ConfigMap',
      'apply ServiceEntry',
    ]);
    // The istio-system target is the Namespace istio-system itself.
    expect(kubectl[1]!.stdin).toMatch(/^kind: Namespace\nmetadata:\n {2}name: istio-system$/m);
    // The wait names every CRD of the base chart.
    expect(kubectl[3]!.argv.filter((a) => a.startsWith('crd/'))).toHaveLength(15);

    // Then verify reads: the cluster's state in one call, then what needs asking on its own (a server-side
    // dry run of a pod to inject, the gateway's Service, istiod's sync status), at once; then it probes the
    // cross-cluster host from two short-lived pods, which are all it ever creates, and removes them.
    const after = kubectl.slice(serviceEntry + 1).map((c) => c.argv.slice(2).join(' '));
    const probes = after.filter((c) => c.includes('mesh-probe') || (c.includes('apply') && c.includes('-f -') && !c.includes('--dry-run')));
    const verify = after.filter((c) => !probes.includes(c));
    // Phase by phase (the two pods side by side): stale probes removed, created, ready, asked, removed.
    const phases = [0, 2, 4, 6, 10, 12].slice(1).map((end, i, ends) => probes.slice(i === 0 ? 0 : ends[i - 1], end).sort());
    expect(phases).toEqual([
      [
        '-n default delete pod mesh-probe-plain --ignore-not-found --wait=true',
        '-n default delete pod mesh-probe-sidecar --ignore-not-found --wait=true',
      ],
      [
        'apply --server-side --field-manager=k3d-mesh --force-conflicts -f -',
        'apply --server-side --field-manager=k3d-mesh --force-conflicts -f -',
      ],
      [
        '-n default wait --for=condition=Ready --timeout=300s pod/mesh-probe-plain',
        '-n default wait --for=condition=Ready --timeout=300s pod/mesh-probe-sidecar',
      ],
      [
        expect.stringMatching(/^-n default exec mesh-probe-plain -c probe -- nc -z -w 5 10\.43\.\d+\.\d+ 3306$/),
        '-n default exec mesh-probe-plain -c probe -- nslookup pxc-source.cluster-b.global',
        '-n default exec mesh-probe-sidecar -c probe -- nc -z -w 5 240.241.0.1 3306',
        '-n default exec mesh-probe-sidecar -c probe -- nslookup pxc-source.cluster-b.global',
      ],
      [
        '-n default delete pod mesh-probe-plain --ignore-not-found --wait=true',
        '-n default delete pod mesh-probe-sidecar --ignore-not-found --wait=true',
      ],
    ]);
    expect(probes).toHaveLength(12);
    expect(verify[0]).toBe('get customresourcedefinitions,deployments,mutatingwebhookconfigurations,pods -A -o json');
    expect(verify.slice(1).sort()).toEqual([
      '-n default apply --server-side --field-manager=k3d-mesh-verify --dry-run=server -o json -f -',
      'get --raw /api/v1/namespaces/istio-system/services/istiod:15014/proxy/debug/syncz',
      'get service istio-ingressgateway -n istio-ingress -o json',
    ]);

    // Every kubectl call names the cluster's context, except reading the kubeconfig's own list of them; every apply is mesh's server-side apply.
    for (const c of calls.filter((c) => c.tool === 'kubectl' && c.argv[0] !== 'version' && c.argv[0] !== 'config')) {
      expect(c.argv.slice(0, 2), line(c)).toEqual(['--context', 'k3d-dev']);
    }
    for (const c of kubectl.filter((c) => c.argv.includes('apply') && !c.argv.includes('--dry-run=server'))) {
      expect(c.argv, line(c)).toEqual(expect.arrayContaining(['--server-side', '--field-manager=k3d-mesh', '-f', '-']));
    }
  });
});
