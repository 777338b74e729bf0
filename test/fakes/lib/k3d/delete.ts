// `k3d cluster delete`: nodes, network and kubeconfig entries.
import { flagBool } from '../common.js';
import { loadFile, writeFile } from '../kubeconfig.js';
import { getCluster, listClusters, readNetworks, removeCluster, saveNetworks } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { kubeconfigPathOrError } from './create.js';
import { Log } from './log.js';
import { DOCKER_DOWN } from './main.js';

export function targetsOf(ctx: FakeContext, parsed: ParsedFlags, names: string[]) {
  if (flagBool(parsed, 'all')) return { all: true, names: listClusters(ctx.dir).map((c) => c.name) };
  if (names.length) return { names };
  return { names: ['k3s-default'] };
}

export function del(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
  const targets = targetsOf(ctx, parsed, names);
  if (targets.all) {
    log.info('Deleting all clusters...');
    if (down)
      return log.fatal_(
        `runtime failed to list nodes: docker failed to get containers with labels 'map[app:k3d]': failed to list containers: ${DOCKER_DOWN}`,
      );
  }
  const found: Json[] = [];
  for (const name of targets.names) {
    if (down)
      log.error(
        `Failed to get nodes for cluster '${name}': docker failed to get containers with labels 'map[k3d.cluster:${name}]': failed to list containers: ${DOCKER_DOWN}`,
      );
    const cluster = down ? undefined : getCluster(ctx.dir, name);
    if (!cluster) {
      log.info(`No nodes found for cluster '${name}', nothing to delete.`);
      continue;
    }
    found.push(cluster);
  }
  if (found.length === 0) {
    log.info('No clusters found');
    return log.out.result();
  }
  for (const cluster of found) {
    log.info(`Deleting cluster '${cluster.name}'`);
    removeCluster(ctx.dir, cluster.name);
    const networks = readNetworks(ctx.dir);
    if (!cluster.network.external) {
      log.info(`Deleting cluster network '${cluster.network.name}'`);
      const stillUsed = listClusters(ctx.dir).some((c) => c.network.name === cluster.network.name);
      if (stillUsed)
        log.warn(
          `Failed to delete cluster network '${cluster.network.name}' because it's still in use: is there another cluster using it?`,
        );
      else delete networks[cluster.network.name];
      saveNetworks(ctx.dir, networks);
    }
    log.info('Deleting 1 attached volumes...');
    log.info('Removing cluster details from default kubeconfig...');
    const failure = removeFromKubeconfig(ctx.env, cluster.name);
    if (failure) {
      log.warn('Failed to remove cluster details from default kubeconfig');
      log.warn(failure);
    }
    log.info('Removing standalone kubeconfig file (if there is one)...');
    log.info(`Successfully deleted cluster ${cluster.name}!`);
  }
  return log.out.result();
}

/** KubeconfigRemoveClusterFromDefaultConfig. Returns a warning or undefined. */
function removeFromKubeconfig(env: NodeJS.ProcessEnv, name: string) {
  const { path, error } = kubeconfigPathOrError(env);
  if (error) return `failed to get default kubeconfig path: ${error}`;
  let config;
  try {
    config = loadFile(path);
  } catch (e) {
    return `failed to get default kubeconfig file: ${e.message}`;
  }
  if (!config) return `failed to get default kubeconfig file: open ${path}: no such file or directory`;
  const contextName = `k3d-${name}`;
  config.contexts = config.contexts.filter((c: Json) => c.name !== contextName);
  config.clusters = config.clusters.filter((c: Json) => c.name !== contextName);
  config.users = config.users.filter((u: Json) => u.name !== `admin@k3d-${name}`);
  if (config['current-context'] === contextName) {
    // k3d picks any remaining context (Go map order); the fake takes the first by name.
    config['current-context'] = [...config.contexts].map((c) => c.name).sort()[0] ?? '';
  }
  writeFile(path, config, 'k3d');
  return undefined;
}

// -------------------------------------------------------------------- start / stop
