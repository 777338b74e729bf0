import type { KubectlAdapter } from '../tools/kubectl/types.js';

interface Pod {
  metadata: { name: string; namespace?: string };
  status?: {
    phase?: string;
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
    containerStatuses?: Array<{ name: string; ready?: boolean; state?: Record<string, { reason?: string; message?: string } | undefined> }>;
  };
}

interface Event {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string };
  lastTimestamp?: string;
  eventTime?: string;
  metadata?: { creationTimestamp?: string };
}

const SHOWN_EVENTS = 5;

/**
 * Says why something is not ready, instead of only "timed out": the pods of
 * the namespace that are not Ready, with the reason Kubernetes gives, and
 * the latest warning events there.
 */
export async function diagnose(kubectl: KubectlAdapter, context: string, namespace: string, signal?: AbortSignal): Promise<string[]> {
  const lines: string[] = [];
  try {
    const pods = (await kubectl.getJson<{ items: Pod[] }>({ context, resource: 'pods', namespace }, signal))?.items ?? [];
    for (const pod of pods.filter((p) => !isReady(p))) lines.push(`pod ${pod.metadata.name} is not Ready: ${why(pod)}`);
    const events =
      (await kubectl.getJson<{ items: Event[] }>({ context, resource: 'events', namespace, fieldSelector: 'type=Warning' }, signal))
        ?.items ?? [];
    for (const event of events.sort((a, b) => time(a).localeCompare(time(b))).slice(-SHOWN_EVENTS)) {
      const about = event.involvedObject ? `${event.involvedObject.kind}/${event.involvedObject.name}` : 'object';
      lines.push(`warning event on ${about}: ${event.reason ?? 'Warning'}: ${event.message ?? ''}`.trimEnd());
    }
  } catch (error) {
    lines.push(`(could not read pods and events: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (lines.length === 0) lines.push(`no pods in ${namespace} report a problem and there are no warning events`);
  return lines;
}

function isReady(pod: Pod): boolean {
  if (pod.status?.phase === 'Succeeded') return true;
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function why(pod: Pod): string {
  for (const container of pod.status?.containerStatuses ?? []) {
    for (const [state, detail] of Object.entries(container.state ?? {})) {
      if (state !== 'running' && detail?.reason)
        return `${detail.reason}${detail.message ? ` (${detail.message})` : ''} in container ${container.name}`;
    }
  }
  const condition = pod.status?.conditions?.find((c) => c.status !== 'True' && (c.reason || c.message));
  if (condition) return `${condition.type}: ${condition.reason ?? ''} ${condition.message ?? ''}`.trim();
  return `phase ${pod.status?.phase ?? 'unknown'}`;
}

function time(event: Event): string {
  return event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp ?? '';
}
