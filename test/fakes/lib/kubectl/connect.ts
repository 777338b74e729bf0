// From a kubeconfig context to a fake cluster, failing as client-go fails when the context, server or cluster is not there.
import { Out, flagValue, q } from '../common.js';
import { defaultChain, findNamed, loadFile, loadMerged } from '../kubeconfig.js';
import { clusterForServer, isRunning, loadApi, saveApi } from '../store.js';
import { reconcilePercona } from '../percona.js';
import { ClusterView, contextFaults } from '../synth.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { KubectlError, klogLine, printError } from './errors.js';

/**
 * Resolves the context and its cluster as client-go would, or throws the
 * message kubectl prints. `namespaceFirst`: the command asks the loader for
 * its namespace before building a client (get, rollout status), which
 * validates the whole config first (ConfirmUsable).
 */
export function connect(ctx: FakeContext, parsed: ParsedFlags, { namespaceFirst }: { namespaceFirst: boolean }) {
  const explicit = flagValue(parsed, 'kubeconfig');
  const paths = explicit ? [explicit] : defaultChain(ctx.env);
  if (explicit && !loadFile(explicit)) throw new KubectlError(`stat ${explicit}: no such file or directory`);
  const config = loadMerged(paths);
  const wanted = flagValue(parsed, 'context');
  const contextName = wanted || config['current-context'];
  const namespaceFlag = flagValue(parsed, 'namespace');
  const context = contextName ? findNamed(config.contexts, contextName)?.context : undefined;
  if (contextName && !context) {
    if (namespaceFirst && !namespaceFlag) {
      const e = new KubectlError(
        `Error in configuration: \n* context was not found for specified context: ${contextName}\n* cluster has no server defined`,
      );
      e.raw = true;
      throw e;
    }
    throw new KubectlError(`context ${q(contextName)} does not exist`);
  }
  const clusterEntry = context ? findNamed(config.clusters, context.cluster)?.cluster : undefined;
  const server = clusterEntry?.server ?? 'http://localhost:8080';
  const namespace = namespaceFlag || context?.namespace || 'default';
  let url;
  try {
    url = new URL(server);
  } catch {
    throw new KubectlError(`Unable to connect to the server: parse ${q(server)}: invalid URI for request`);
  }
  const hostPort = url.host;
  const local = ['0.0.0.0', '127.0.0.1', 'localhost', '[::1]', 'host.docker.internal'].includes(url.hostname);
  const cluster = local ? clusterForServer(ctx.dir, server) : undefined;
  if (!local) {
    const e = new KubectlError(`Unable to connect to the server: dial tcp: lookup ${url.hostname}: no such host`);
    e.raw = true;
    e.discovery = `couldn't get current server API group list: Get "${server}/api?timeout=32s": dial tcp: lookup ${url.hostname}: no such host`;
    throw e;
  }
  if (!cluster || !isRunning(cluster)) {
    const e = new KubectlError(`The connection to the server ${hostPort} was refused - did you specify the right host or port?`);
    e.raw = true;
    e.discovery = `couldn't get current server API group list: Get "${url.origin}/api?timeout=32s": dial tcp ${hostPort}: connect: connection refused`;
    throw e;
  }
  const api = loadApi(ctx.dir, cluster.name);
  // Controllers act between calls; the fake runs them when a call looks.
  if (reconcilePercona(cluster.name, api)) saveApi(ctx.dir, cluster.name, api);
  const view = new ClusterView({ cluster, api, faults: contextFaults(ctx.faults, contextName) });
  return {
    cluster,
    api,
    view,
    namespace,
    namespaceExplicit: Boolean(namespaceFlag),
    contextName,
    user: context?.user as string | undefined,
  };
}

export function connectionFailure(out: Out, error: Json) {
  if (error.discovery) for (let i = 0; i < 3; i++) out.err(klogLine(error.discovery));
  printError(out, [error]);
}

// -------------------------------------------------------------------- main
