import type { KubernetesObject } from '../modules/types.js';
import { crossCluster } from '../model/cluster-dns.js';
import type { ManifestTarget } from '../model/targets.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import type { MeshCheck } from './mesh-checks.js';
import { sleep } from '../process/sleep.js';
import { firstLine } from '../pipeline/text.js';
import { CONTAINER, PROBES, withProbePods, type Probe } from './probe-pods.js';

interface Host {
  host: string;
  port: number;
  namespace: string;
  /** The entry's own address, which a sidecar's DNS proxy answers with. */
  address?: string;
}

const RETRY_MS = 2000;
/** CoreDNS reloads `coredns-custom` within about a minute and a half of a change (kubelet's sync, then its reload). */
const SETTLE_SECONDS = 120;

/** The cross-cluster hosts a cluster's targets bring: each a check of its own, from each kind of pod. */
export function crossClusterHosts(targets: readonly ManifestTarget[]): Host[] {
  return targets
    .flatMap((t) => (t.kind === 'objects' ? t.objects : []))
    .filter(crossCluster)
    .map((entry: KubernetesObject) => {
      const spec = entry.spec as { hosts: string[]; ports: Array<{ number: number }>; addresses?: string[] };
      const address = spec.addresses?.[0];
      return {
        host: spec.hosts[0]!,
        port: spec.ports[0]!.number,
        namespace: entry.metadata.namespace ?? 'default',
        ...(address === undefined ? {} : { address }),
      };
    });
}

/**
 * From short-lived pods in the consuming cluster, one with a sidecar and one
 * without, each host must resolve and accept a TCP connection on its port.
 * Each failure names the step (name, connection) and kubectl's or busybox's
 * words for it. DNS and xDS take a while to settle after a deploy, so a
 * failing probe is retried for a while before it counts.
 */
export async function crossClusterChecks(
  kubectl: KubectlAdapter,
  context: string,
  targets: readonly ManifestTarget[],
  timeoutSeconds: number,
  signal: AbortSignal,
  retryMs = RETRY_MS,
): Promise<MeshCheck[]> {
  const hosts = crossClusterHosts(targets);
  const out: MeshCheck[] = [];
  for (const namespace of [...new Set(hosts.map((h) => h.namespace))].sort()) {
    const here = hosts.filter((h) => h.namespace === namespace);
    const checks = await withProbePods(kubectl, context, namespace, timeoutSeconds, signal, async (unusable) => {
      const deadline = Date.now() + Math.min(timeoutSeconds, SETTLE_SECONDS) * 1000;
      const probes = here.flatMap((h) => PROBES.map((p) => ({ h, p })));
      return Promise.all(
        probes.map(({ h, p }) => {
          const why = unusable.get(p.pod);
          if (why !== undefined) return fail(h, p, why);
          return retried(() => probe(kubectl, context, h, p, signal), deadline, retryMs, signal);
        }),
      );
    });
    out.push(...checks);
  }
  return out;
}

function title(h: Host, p: Probe): string {
  return `${h.host}:${h.port} from a pod ${p.sidecar ? 'with' : 'without'} a sidecar`;
}

function fail(h: Host, p: Probe, detail: string): MeshCheck {
  return { check: title(h, p), ok: false, detail };
}

async function probe(kubectl: KubectlAdapter, context: string, h: Host, p: Probe, signal: AbortSignal): Promise<MeshCheck> {
  const run = (command: string[]) => kubectl.exec({ context, namespace: h.namespace, pod: p.pod, container: CONTAINER, command }, signal);
  const lookup = await run(['nslookup', h.host]);
  const addresses = answers(lookup.stdout, h.host);
  // busybox asks for A and AAAA and may exit non-zero for the missing AAAA alone: the A records decide.
  if (addresses.length === 0) {
    // busybox says why on stdout (`** server can't find X: NXDOMAIN`, `;; connection timed out; ...`, `*** Can't find X: No answer`).
    const said = lookup.stdout.split('\n').find((l) => /^(;;|\*\*)/.test(l));
    const why = /NXDOMAIN/.test(lookup.stdout)
      ? 'NXDOMAIN'
      : said?.replace(/^[;*\s]+/, '') || firstLine(withoutExitLine(lookup.stderr)) || `exit ${lookup.code}`;
    return fail(h, p, `name: ${h.host} does not resolve (${why})`);
  }
  const address = addresses[0]!;
  // A sidecar answering from the entry gives its address; anything else means the proxy never saw the query.
  if (p.sidecar && h.address !== undefined && address !== h.address) {
    return fail(
      h,
      p,
      `address: ${h.host} resolves to ${address}, not the entry's ${h.address}: the sidecar's DNS proxy did not answer (is ISTIO_META_DNS_CAPTURE off in istiod's values?)`,
    );
  }
  const connect = await run(['nc', '-z', '-w', '5', address, String(h.port)]);
  if (connect.code !== 0) {
    const why = firstLine(withoutExitLine(connect.stderr)) || `exit ${connect.code}`;
    return fail(h, p, `connection: ${address}:${h.port} refused or unreachable (${why})`);
  }
  return { check: title(h, p), ok: true, detail: `resolves to ${address}, accepts a connection on ${h.port}` };
}

// kubectl's own line for a command that exited non-zero says nothing the command did not.
function withoutExitLine(stderr: string): string {
  return stderr.replace(/command terminated with exit code \d+\s*/g, '');
}

/** The A records busybox's nslookup prints after "Name:", not the server's own address. */
export function answers(stdout: string, host: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Name:') && l.includes(host.replace(/\.$/, '')));
  if (start < 0) return [];
  return lines
    .slice(start)
    .map((l) => /^Address(?:\s+\d+)?:\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(l)?.[1])
    .filter((a): a is string => a !== undefined);
}

async function retried(run: () => Promise<MeshCheck>, deadline: number, retryMs: number, signal: AbortSignal): Promise<MeshCheck> {
  for (;;) {
    const result = await run();
    if (result.ok || Date.now() + retryMs > deadline) return result;
    await sleep(retryMs, signal);
  }
}
