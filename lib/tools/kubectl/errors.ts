import { MeshError, NotReadyError, type ToolError } from '../../errors.js';
import type { Env } from '../../process/find-binary.js';
import { withToolOutput } from '../../process/tool-output.js';

/** client-go's klog lines (`E1124 23:32:55.521763   18123 memcache.go:265] …`), repeated before the one line that matters. */
const KLOG = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [\w.-]+:\d+\] /;

/** `Error from server (NotFound): pods "x" not found` */
export function isNotFound(stderr: string): boolean {
  return /Error from server \(NotFound\)/.test(stderr);
}

/** What `kubectl wait` and `kubectl rollout status` print when --timeout runs out. */
export function isTimeout(stderr: string): boolean {
  return /timed out waiting for the condition/.test(stderr);
}

/** Where kubectl reads contexts from, as the user would look for it. */
export function kubeconfigLocation(env: Env): string {
  return env.KUBECONFIG ? `${env.KUBECONFIG} (from KUBECONFIG)` : '~/.kube/config';
}

/** kubectl's own lines, without client-go's log noise. */
export function kubectlLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !KLOG.test(line));
}

/**
 * kubectl failures that are about the kubeconfig or the cluster rather than
 * the call: a context that is not there, a kubeconfig that does not parse, an
 * API server that does not answer, a kind the cluster has no CRD for. Anything
 * else is returned as the ToolError it was.
 */
export function kubectlFailure(error: ToolError, context: string | undefined, env: Env): MeshError {
  const lines = kubectlLines(error.stderr);
  const text = lines.join('\n');
  const fail = (summary: string, hint: string): MeshError =>
    new MeshError(withToolOutput(summary, 'kubectl', lines), { hint, cause: error });

  // "Error in configuration: context was not found for specified context: x" (any command with --context);
  // `error: context "x" does not exist` (kubectl config subcommands).
  const missing = /context was not found for specified context: (\S+)|context "([^"]+)" does not exist/.exec(text);
  if (missing) {
    const name = missing[1] ?? missing[2] ?? context ?? '';
    return fail(
      `kubectl context "${name}" is not in the kubeconfig ${kubeconfigLocation(env)}`,
      name.startsWith('k3d-')
        ? '`mesh up` creates the cluster and adds its context; `kubectl config get-contexts` lists the contexts there are'
        : 'check the context mkExistingCluster names, and its kubeconfig (KUBECONFIG, or the kubeconfig it gives); `kubectl config get-contexts` lists the contexts there are',
    );
  }
  const unreadable = /error loading config file "([^"]+)": (.*)/.exec(text);
  if (unreadable) {
    return fail(
      `the kubeconfig ${unreadable[1]} cannot be read: ${unreadable[2]}`,
      'fix or remove that file, or point KUBECONFIG at another one',
    );
  }
  // "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?",
  // "Unable to connect to the server: dial tcp: lookup …: no such host"; apply fails earlier, fetching openapi.
  const unreachable =
    /The connection to the server \S+ was refused|Unable to connect to the server: .*|dial tcp [^\n;]*: connect: connection refused/.exec(
      text,
    );
  if (unreachable) {
    const cluster = context?.startsWith('k3d-') ? context.slice('k3d-'.length) : undefined;
    const start = cluster === undefined ? '' : `; start it with \`k3d cluster start ${cluster}\` or \`mesh up\``;
    return fail(
      `the cluster of kubectl context "${context}" is not reachable: ${unreachable[0]}`,
      cluster === undefined
        ? `check that its API server answers (\`kubectl --context ${context} cluster-info\`): a VPN, a bastion or fresh credentials may be needed`
        : `is the cluster running? check with \`k3d cluster list\`${start}`,
    );
  }
  // `resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Gateway" in version "…"`
  const noKind = /no matches for kind "([^"]+)" in version "([^"]+)"/.exec(text);
  if (noKind) {
    return fail(
      `the cluster of kubectl context "${context}" has no kind ${noKind[1]} in ${noKind[2]}`,
      'its CustomResourceDefinition is not installed yet: install what provides it (e.g. the Istio base chart) before applying this',
    );
  }
  // With -n, kubectl only places objects without metadata.namespace and refuses any of another namespace (RequireNamespace).
  const otherNamespace = /the namespace from the provided object "([^"]+)" does not match the namespace "([^"]+)"/.exec(text);
  if (otherNamespace) {
    return fail(
      `the manifest has an object in namespace ${otherNamespace[1]}, but it is applied with -n ${otherNamespace[2]} (kubectl context "${context}")`,
      'apply objects of other namespaces separately, or without a namespace',
    );
  }
  return error;
}

/** `kubectl wait --for=condition=Established crd/…` that failed. */
export function waitFailure(error: ToolError, subject: { context: string; names: string[]; timeoutSeconds: number }, env: Env): MeshError {
  const lines = kubectlLines(error.stderr);
  if (isTimeout(error.stderr)) {
    return new NotReadyError(
      withToolOutput(
        `CRDs were not established within ${subject.timeoutSeconds}s in kubectl context "${subject.context}"`,
        'kubectl',
        lines,
      ),
      {
        hint: `see their conditions with \`kubectl --context ${subject.context} get ${subject.names.join(' ')} -o yaml\``,
        cause: error,
      },
    );
  }
  if (isNotFound(error.stderr)) {
    return new MeshError(withToolOutput(`a CRD to wait for does not exist in kubectl context "${subject.context}"`, 'kubectl', lines), {
      hint: 'apply the CRDs before waiting for them',
      cause: error,
    });
  }
  return kubectlFailure(error, subject.context, env);
}

/** `kubectl rollout status KIND/NAME` that failed: the message names the resource that did not roll out. */
export function rolloutFailure(
  error: ToolError,
  subject: { context: string; namespace: string; resource: string; timeoutSeconds: number },
  env: Env,
): MeshError {
  const { context, namespace, resource } = subject;
  const lines = kubectlLines(error.stderr);
  const what = `${resource} in namespace ${namespace} (kubectl context "${context}")`;
  const hint = `see why with \`kubectl --context ${context} -n ${namespace} describe ${resource}\` and \`kubectl --context ${context} -n ${namespace} get pods\``;
  if (isTimeout(error.stderr)) {
    return new NotReadyError(withToolOutput(`${what} did not roll out within ${subject.timeoutSeconds}s`, 'kubectl', lines), {
      hint,
      cause: error,
    });
  }
  // polymorphichelpers/rollout_status.go: `deployment "x" exceeded its progress deadline`
  if (/exceeded its progress deadline/.test(error.stderr)) {
    return new NotReadyError(withToolOutput(`${what} did not roll out: it exceeded its progress deadline`, 'kubectl', lines), {
      hint,
      cause: error,
    });
  }
  if (isNotFound(error.stderr)) {
    return new MeshError(withToolOutput(`${what} does not exist, so it cannot roll out`, 'kubectl', lines), {
      hint: 'check the kind, name and namespace',
      cause: error,
    });
  }
  return kubectlFailure(error, context, env);
}

/** What kubectl says went wrong, without its "error: " or "Error from server (Reason): " prefix. */
export function kubectlReason(line: string): string {
  return line
    .trim()
    .replace(/^error: /, '')
    .replace(/^Error from server \([^)]*\): /, '');
}
