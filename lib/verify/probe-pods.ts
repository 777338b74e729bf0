import { MeshError } from '../errors.js';
import { kubectlReason } from '../tools/kubectl/errors.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { toYamlStream } from '../yaml/write.js';

/** busybox has both tools a probe needs: nslookup for the name, nc -z for the connection. */
export const PROBE_IMAGE = 'busybox:1.37';
export const CONTAINER = 'probe';

export interface Probe {
  pod: string;
  sidecar: boolean;
}

/** One pod with a sidecar and one without, as a workload of each kind would be. */
export const PROBES: readonly Probe[] = [
  { pod: 'mesh-probe-sidecar', sidecar: true },
  { pod: 'mesh-probe-plain', sidecar: false },
];

function manifest(namespace: string, probe: Probe): string {
  return toYamlStream([
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: probe.pod,
        namespace,
        labels: { 'app.kubernetes.io/managed-by': 'k3d-mesh', 'sidecar.istio.io/inject': String(probe.sidecar) },
      },
      spec: {
        terminationGracePeriodSeconds: 0,
        restartPolicy: 'Never',
        containers: [{ name: CONTAINER, image: PROBE_IMAGE, command: ['sleep', '600'] }],
      },
    },
  ]);
}

/**
 * Runs `use` with the probe pods of a namespace, each running or with the
 * reason it is not (refused by a webhook, not ready in time), and removes
 * them after, whatever happened. A pod left by an interrupted run goes first,
 * as a pod's spec cannot change in place.
 */
export async function withProbePods<T>(
  kubectl: KubectlAdapter,
  context: string,
  namespace: string,
  timeoutSeconds: number,
  signal: AbortSignal,
  use: (unusable: ReadonlyMap<string, string>) => Promise<T>,
): Promise<T> {
  const remove = () =>
    Promise.all(PROBES.map((p) => kubectl.delete({ context, namespace, kind: 'pod', name: p.pod }, signal))).then(() => undefined);
  await remove();
  try {
    const unusable = new Map<string, string>();
    await Promise.all(
      PROBES.map(async (probe) => {
        try {
          await kubectl.apply({ context, manifest: manifest(namespace, probe), once: true }, signal);
        } catch (error) {
          if (!(error instanceof MeshError)) throw error;
          unusable.set(probe.pod, `the probe pod was refused: ${firstLine(error.message)}`);
          return;
        }
        const notReady = await kubectl.waitPodsReady({ context, namespace, pods: [probe.pod], timeoutSeconds }, signal);
        if (notReady !== undefined) unusable.set(probe.pod, `the probe pod is not ready: ${firstLine(notReady)}`);
      }),
    );
    return await use(unusable);
  } finally {
    if (!signal.aborted) await remove().catch(() => undefined);
  }
}

// The first line of kubectl's error, not the command line mesh puts above it.
function firstLine(text: string): string {
  return kubectlReason(text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('`')) ?? text);
}
