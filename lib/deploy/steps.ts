import type { RemoteRef } from '../modules/remote-ref.js';
import type { KubernetesObject } from '../modules/types.js';
/**
 * One step of deploying a cluster, as data: `mesh up --dry-run` prints them,
 * tests assert their order, the deploy task runs them.
 */
export type DeployStep =
  | { kind: 'apply'; target: string; namespace?: string; manifest: string; objects: string[] }
  | { kind: 'wait-crds'; target: string; crds: string[] }
  | { kind: 'rollout'; target: string; namespace: string; resource: string; name: string }
  /** A DaemonSet or StatefulSet with `updateStrategy: OnDelete`, which `rollout status` refuses: its pods ready. */
  | { kind: 'wait-ready'; target: string; namespace: string; resource: string; name: string }
  | { kind: 'endpoints'; target: string; namespace: string; service: string }
  /** A ServiceEntry whose endpoints are another cluster's nodes: wait for that service, find them, apply it with them. */
  | { kind: 'remote-endpoints'; target: string; ref: RemoteRef; entry: KubernetesObject; crd?: Record<string, unknown> }
  | { kind: 'delete'; target: string; namespace?: string; resource: string; name: string }
  | { kind: 'wait-job'; target: string; namespace: string; name: string }
  /** Delete what the target applied before and no longer renders (`objects`: what it has now), then record `objects`. */
  | { kind: 'prune'; target: string; objects: string[] }
  /** Delete what targets this cluster no longer gets applied before. */
  | { kind: 'prune-gone'; targets: string[] };

/** A rendered object as far as the deploy plan reads it. */
export interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, unknown> };
  webhooks?: Array<{ clientConfig?: { service?: { name?: string; namespace?: string } } }>;
}

/** One object of a target's manifest and the YAML it is applied as. */
export interface Doc {
  text: string;
  object: Obj;
}
