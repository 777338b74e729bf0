// `k3d kubeconfig merge NAME [-d|--kubeconfig-merge-default] [-s|--kubeconfig-switch-context=BOOL]`.
import { flagBool } from '../common.js';
import { getCluster } from '../store.js';
import type { FakeContext, ParsedFlags } from '../types.js';
import { kubeconfigPathOrError, writeKubeconfig } from './create.js';
import type { Log } from './log.js';

/** Writes the cluster's context into the default kubeconfig and prints the file's path, as cmd/kubeconfig/kubeconfigMerge.go does. */
export function kubeconfigMerge(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log) {
  const name = names[0];
  const cluster = name === undefined ? undefined : getCluster(ctx.dir, name);
  if (!cluster) return log.fatal_(`Failed to get cluster ${name ?? ''}: No nodes found for given cluster`);
  if (!flagBool(parsed, 'kubeconfig-merge-default', false)) {
    return log.fatal_('the fake k3d only merges into the default kubeconfig (--kubeconfig-merge-default)');
  }
  const failure = writeKubeconfig(ctx.env, cluster, flagBool(parsed, 'kubeconfig-switch-context', true));
  if (failure) return log.fatal_(failure);
  log.out.out(`${kubeconfigPathOrError(ctx.env).path}\n`);
  return log.out.result();
}
