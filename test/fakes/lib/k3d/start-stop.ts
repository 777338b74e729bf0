// `k3d cluster start` and `stop`.
import { getCluster, isRunning, readNetworks, saveCluster } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { targetsOf } from './delete.js';
import { Log } from './log.js';
import { DOCKER_DOWN } from './main.js';
import { startFailure, takenBinding } from './ports.js';

function pick(
  ctx: FakeContext,
  parsed: ParsedFlags,
  names: string[],
  log: Log,
  down: Json,
): { clusters: Json[]; fatal?: undefined } | { clusters?: undefined; fatal: Json } {
  const targets = targetsOf(ctx, parsed, names);
  const clusters: Json[] = [];
  for (const name of targets.names) {
    if (down) {
      log.error(
        `Failed to get nodes for cluster '${name}': docker failed to get containers with labels 'map[k3d.cluster:${name}]': failed to list containers: ${DOCKER_DOWN}`,
      );
      return { fatal: log.fatal_('No nodes found for given cluster') };
    }
    const cluster = getCluster(ctx.dir, name);
    if (!cluster) return { fatal: log.fatal_('No nodes found for given cluster') };
    clusters.push(cluster);
  }
  return { clusters };
}

export function start(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
  const picked = pick(ctx, parsed, names, log, down);
  if (picked.fatal) return picked.fatal;
  const clusters = picked.clusters!;
  if (clusters.length === 0) {
    log.info('No clusters found');
    return log.out.result();
  }
  for (const cluster of clusters) {
    log.info('Using the k3d-tools node to gather environment information');
    log.info('Starting new tools node...');
    log.info(`Starting node 'k3d-${cluster.name}-tools'`);
    log.info(`Starting cluster '${cluster.name}'`);
    const stopped = (role: Json) => cluster.nodes.filter((n: Json) => n.role === role && !n.running);
    const taken = takenBinding(ctx.dir, ctx.faults, { ...cluster, nodes: cluster.nodes.filter((n: Json) => !n.running) });
    for (const [role, title, done] of <Array<[string, string, string]>>[
      ['server', 'Starting servers...', 'All servers already running.'],
      ['agent', 'Starting agents...', 'All agents already running.'],
      ['loadbalancer', 'Starting helpers...', 'All helpers already running.'],
    ]) {
      const nodes = stopped(role);
      if (nodes.length === 0) {
        log.info(done);
        continue;
      }
      log.info(title);
      for (const node of nodes) {
        log.info(`Starting node '${node.name}'`);
        // docker start of a container whose network was removed meanwhile.
        const net = cluster.network?.name;
        if (net && !(net in readNetworks(ctx.dir)) && !['bridge', 'host'].includes(net)) {
          saveCluster(ctx.dir, cluster);
          return log.fatal_(
            `Failed to start server ${node.name}: runtime failed to start node '${node.name}': docker failed to start container for node '${node.name}': Error response from daemon: network ${net} not found`,
          );
        }
        if (taken && taken.node === node.name) {
          saveCluster(ctx.dir, cluster);
          return log.fatal_(startFailure(cluster, taken));
        }
        node.running = true;
      }
    }
    saveCluster(ctx.dir, cluster);
    log.info(`Started cluster '${cluster.name}'`);
  }
  return log.out.result();
}

export function stop(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
  const picked = pick(ctx, parsed, names, log, down);
  if (picked.fatal) return picked.fatal;
  const clusters = picked.clusters!;
  if (clusters.length === 0) {
    log.info('No clusters found');
    return log.out.result();
  }
  for (const cluster of clusters) {
    log.info(`Stopping cluster '${cluster.name}'`);
    for (const node of cluster.nodes) node.running = false;
    saveCluster(ctx.dir, cluster);
    log.info(`Stopped cluster '${cluster.name}'`);
  }
  return log.out.result();
}

export { isRunning };
