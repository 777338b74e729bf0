/** What mesh asks of kubectl; the adapter beside this file is the real one. */

export interface ApplyArgs {
  context: string;
  /** YAML documents. */
  manifest: string;
  /** For objects without metadata.namespace, as `helm install -n` would place them. */
  namespace?: string;
  /** Its refusal is what the caller wants to know (a probe): only an API server that did not answer is asked again. */
  once?: boolean;
}

export interface KubectlAdapter {
  ensureInstalled(): Promise<string>;
  /** Client version, e.g. `v1.32.4`. */
  version(signal?: AbortSignal): Promise<string>;
  /** `kubectl --context C apply --server-side --field-manager=k3d-mesh [-n NS] -f -`; returns kubectl's output lines. */
  apply(args: ApplyArgs, signal?: AbortSignal): Promise<string[]>;
  /** `kubectl --context C [-n NS] delete KIND NAME --ignore-not-found --wait=true`: succeeds when it was not there. */
  delete(args: { context: string; namespace?: string; kind: string; name: string }, signal?: AbortSignal): Promise<void>;
  /** `kubectl --context C wait --for=condition=Established crd/NAME... --timeout=Ns`. */
  waitEstablished(args: { context: string; crds: string[]; timeoutSeconds: number }, signal?: AbortSignal): Promise<void>;
  /** `kubectl --context C -n NS rollout status KIND/NAME --timeout=Ns`. */
  rolloutStatus(
    args: { context: string; namespace: string; kind: string; name: string; timeoutSeconds: number },
    signal?: AbortSignal,
  ): Promise<void>;
  /** `kubectl --context C get RESOURCE [NAME] [-n NS | -A] [-l SEL] [--field-selector F] -o json`; undefined when NotFound. */
  getJson<T = unknown>(
    args: {
      context: string;
      resource: string;
      name?: string;
      namespace?: string;
      allNamespaces?: boolean;
      selector?: string;
      fieldSelector?: string;
    },
    signal?: AbortSignal,
  ): Promise<T | undefined>;
  /** The kubeconfig's current context, without changing it. */
  currentContext(signal?: AbortSignal): Promise<string | undefined>;
  /** Context names in the kubeconfig. */
  contexts(signal?: AbortSignal): Promise<string[]>;
  /**
   * `kubectl --context C -n NS apply --server-side --dry-run=server -o json -f -`: the object as the API
   * server would store it, after admission webhooks; nothing is stored. A refusal comes back as its text.
   */
  dryRunApply(
    args: { context: string; namespace: string; manifest: string; manager?: 'verify' | 'apply' },
    signal?: AbortSignal,
  ): Promise<{ object: unknown } | { refused: string }>;
  /** `kubectl --context C -n NS wait --for=condition=Ready pod/P... --timeout=Ns`: undefined when ready, else kubectl's text. */
  waitPodsReady(
    args: { context: string; namespace: string; pods: string[]; timeoutSeconds: number },
    signal?: AbortSignal,
  ): Promise<string | undefined>;
  /** `kubectl --context C -n NS exec POD -c CONTAINER -- COMMAND...`: how the command ended, whatever its exit code. */
  exec(
    args: { context: string; namespace: string; pod: string; container: string; command: string[] },
    signal?: AbortSignal,
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  /** `kubectl --context C get --raw PATH`: a path of the API server, such as a service proxy; or why it did not answer. */
  getRaw(args: { context: string; path: string }, signal?: AbortSignal): Promise<{ text: string } | { refused: string }>;
  /** `kubectl --context C version -o json`: the API server's version, e.g. `v1.33.2-eks-1`; fails when it does not answer. */
  serverVersion(args: { context: string }, signal?: AbortSignal): Promise<string>;
  /**
   * `kubectl --context C auth can-i VERB RESOURCE (-n NS | -A)`: whether the context's user may.
   * `resource` is `plural.group` (or a kind kubectl's discovery resolves); `reason` is what the server said beside no.
   */
  canI(
    args: { context: string; verb: string; resource: string; namespace?: string },
    signal?: AbortSignal,
  ): Promise<{ allowed: boolean; reason?: string }>;
}

/** mesh's server-side apply field manager, so its fields are told apart from kubectl's and others'. */
export const FIELD_MANAGER = 'k3d-mesh';
