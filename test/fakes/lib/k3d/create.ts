// `k3d cluster create`: the cluster's nodes, network, API port and kubeconfig entry.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import YAML from 'yaml';
import { flagBool, flagValue, isObject, sha256 } from '../common.js';
import { seedK3s } from '../k3s.js';
import { defaultChain, emptyConfig, loadFile, upsert, writeFile } from '../kubeconfig.js';
import { getCluster, listClusters, loadApi, readNetworks, saveApi, saveCluster, saveNetworks } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { expandEnv, parsePortSpec, schemaErrors, splitFilter } from './config-file.js';
import { Log } from './log.js';
import { DEFAULT_IMAGE, DEFAULT_PORT_TARGETS, DOCKER_DOWN, olderThan } from './main.js';
import { missingRegistry } from './registry.js';
import { bindingsOf, randomPort, startFailure, takenBinding } from './ports.js';

export function kubeconfigPathOrError(env: NodeJS.ProcessEnv) {
  const chain = defaultChain(env);
  if (chain.length > 1)
    return {
      error:
        'multiple kubeconfigs specified via KUBECONFIG env var: Please reduce to one entry, unset KUBECONFIG or explicitly choose an output',
    };
  return { path: chain[0] };
}

// -------------------------------------------------------------------- create

export function create(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
  const out = log.out;
  const env = ctx.env;
  let simple: Json = { apiVersion: 'k3d.io/v1alpha5', kind: 'Simple' };
  const configFile = flagValue(parsed, 'config');
  if (configFile) {
    let raw;
    // `--config -` (stdin) came with k3d 5.4.5; before, `-` is a file name like any other.
    if (configFile === '-' && olderThan(ctx, [5, 4, 5]))
      return log.fatal_(`Failed to stat config file -: stat -: no such file or directory`);
    if (configFile === '-') raw = ctx.stdin ?? '';
    else if (!existsSync(configFile))
      return log.fatal_(`Failed to stat config file ${configFile}: stat ${configFile}: no such file or directory`);
    else raw = readFileSync(configFile, 'utf8');
    const expanded = expandEnv(raw, env);
    let doc;
    try {
      doc = YAML.parse(expanded) ?? {};
    } catch (error) {
      const line = error.linePos?.[0]?.line ?? 1;
      return log.fatal_(
        `Failed to read config file ${configFile}: While parsing config: yaml: line ${line}: ${error.message.split('\n')[0].replace(/ at line.*$/, '')}`,
      );
    }
    const apiVersion = isObject(doc) ? String(doc.apiVersion ?? '') : '';
    // k3d.io/v1alpha5 came with k3d 5.5.0.
    const known = ['k3d.io/v1alpha2', 'k3d.io/v1alpha3', 'k3d.io/v1alpha4', ...(olderThan(ctx, [5, 5, 0]) ? [] : ['k3d.io/v1alpha5'])];
    if (!known.includes(apiVersion.toLowerCase())) {
      return log.fatal_(`Cannot validate config file ${configFile}: unsupported apiVersion '${apiVersion}'`);
    }
    const errors = schemaErrors(doc);
    if (errors.length)
      return log.fatal_(`Schema Validation failed for config file ${configFile}: ${errors.map((e) => `- ${e}\n`).join('')}`);
    log.info(`Using config file ${configFile} (${apiVersion.toLowerCase()}#${String(doc.kind).toLowerCase()})`);
    simple = doc;
  }
  // CLI flags over the file, as k3d's applyCLIOverrides.
  const name = names[0] ?? simple.metadata?.name ?? 'k3s-default';
  const servers = Number(flagValue(parsed, 'servers') ?? simple.servers ?? 1);
  const agents = Number(flagValue(parsed, 'agents') ?? simple.agents ?? 0);
  const image = flagValue(parsed, 'image') ?? simple.image ?? DEFAULT_IMAGE;
  const k3dOpts = simple.options?.k3d ?? {};
  const lbDisabled = flagBool(parsed, 'no-lb', Boolean(k3dOpts.disableLoadbalancer));
  const noRollback = flagBool(parsed, 'no-rollback', Boolean(k3dOpts.disableRollback));
  const kcOpts = simple.options?.kubeconfig ?? {};
  const updateKubeconfig = flagBool(parsed, 'kubeconfig-update-default', kcOpts.updateDefaultKubeconfig ?? true);
  let switchContext = flagBool(parsed, 'kubeconfig-switch-context', kcOpts.switchCurrentContext ?? true);
  const ports = [...(simple.ports ?? []).map((p: Json) => ({ port: p.port, nodeFilters: p.nodeFilters ?? [] }))];
  for (const text of parsed.flags.get('port') ?? []) {
    const { value, filters } = splitFilter(text);
    ports.push({ port: value, nodeFilters: filters });
  }
  const k3sArgs = [...(simple.options?.k3s?.extraArgs ?? [])];
  for (const text of parsed.flags.get('k3s-arg') ?? []) {
    const { value, filters } = splitFilter(text);
    k3sArgs.push({ arg: value, nodeFilters: filters });
  }
  const kubeAPI = { ...(simple.kubeAPI ?? {}) };
  const apiPortFlag = flagValue(parsed, 'api-port');
  if (apiPortFlag) {
    const colon = apiPortFlag.lastIndexOf(':');
    if (colon !== -1) kubeAPI.hostIP = apiPortFlag.slice(0, colon);
    kubeAPI.hostPort = apiPortFlag.slice(colon + 1);
  }
  const networkName = flagValue(parsed, 'network') ?? simple.network ?? '';

  // Name validation (config.ValidateClusterConfig / CheckName).
  const hostname = /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])$/;
  if (!hostname.test(name)) {
    return log.fatal_(
      `Failed Cluster Configuration Validation:  provided cluster name '${name}' does not match requirements: Invalid cluster name. name ${name} is not a valid hostname as per RFC 1123`,
    );
  }
  if (name.length > 32) {
    return log.fatal_(
      `Failed Cluster Configuration Validation:  provided cluster name '${name}' does not match requirements: Cluster name must be <= 32 characters, but has ${name.length}`,
    );
  }

  // Node list and port transformation (client.TransformPorts).
  const prefix = `k3d-${name}`;
  const nodes: Json[] = [];
  for (let i = 0; i < servers; i++) nodes.push({ name: `${prefix}-server-${i}`, role: 'server', ports: {} });
  for (let i = 0; i < agents; i++) nodes.push({ name: `${prefix}-agent-${i}`, role: 'agent', ports: {} });
  const lb: Json = lbDisabled ? undefined : { name: `${prefix}-serverlb`, role: 'loadbalancer', ports: {} };
  if (lb) nodes.push(lb);
  for (const p of ports) {
    let filters = p.nodeFilters;
    if (filters.length === 0 && nodes.length > 1) {
      log.info(`portmapping '${p.port}' lacks a nodefilter, but there's more than one node: defaulting to ${DEFAULT_PORT_TARGETS}`);
      filters = ['servers:*:proxy', 'agents:*:proxy'];
    }
    if (filters.some((f: Json) => f.startsWith('loadbalancer'))) {
      log.info(`portmapping '${p.port}' targets the loadbalancer: defaulting to ${DEFAULT_PORT_TARGETS}`);
      filters = ['servers:*:proxy', 'agents:*:proxy'];
    }
    let mappings;
    try {
      mappings = parsePortSpec(p.port);
    } catch (error) {
      return log.fatal_(`failed to transform ports: error parsing port spec '${p.port}': ${error.message}`);
    }
    const direct = filters.filter((f: Json) => f.endsWith(':direct'));
    const proxied = filters.length === 0 ? ['all'] : filters.filter((f: Json) => !f.endsWith(':direct'));
    if (proxied.length) {
      if (!lb) return log.fatal_("failed to transform ports: port-mapping of type 'proxy' specified, but loadbalancer is disabled");
      for (const m of mappings) (lb.ports[m.port] ??= []).push(m.binding);
    }
    for (const f of direct) {
      const [role, index] = f.replace(/:direct$/, '').split(':');
      const targets = nodes.filter((n) => n.role === role.replace(/s$/, '') && (index === '*' || n.name.endsWith(`-${index}`)));
      if (targets.length > 1)
        return log.fatal_(
          `failed to transform ports: error: cannot apply a direct port-mapping (${JSON.stringify(mappings.map((m) => m.port))}) to more than one node`,
        );
      for (const node of targets) for (const m of mappings) (node.ports[m.port] ??= []).push(m.binding);
    }
  }

  if (down) {
    log.error(
      `Failed to get nodes for cluster '${name}': docker failed to get containers with labels 'map[k3d.cluster:${name}]': failed to list containers: ${DOCKER_DOWN}`,
    );
    log.info('Prep: Network');
    log.error(
      `Failed Cluster Preparation: failed to create cluster network: failed to check for duplicate docker networks: docker failed to list networks: ${DOCKER_DOWN}`,
    );
    log.error('Failed to create cluster >>> Rolling Back');
    log.info(`Deleting cluster '${name}'`);
    log.error(`failed to get cluster: No nodes found for given cluster`);
    return log.fatal_('Cluster creation FAILED, also FAILED to rollback changes!');
  }
  if (getCluster(ctx.dir, name)) return log.fatal_(`Failed to create cluster '${name}' because a cluster with that name already exists`);
  const absent = missingRegistry(ctx.dir, simple.registries?.use);
  if (absent) {
    log.error(`Failed Cluster Preparation: Failed to find registry node '${absent}': Error: No such container: ${absent}`);
    log.error('Failed to create cluster >>> Rolling Back');
    log.info(`Deleting cluster '${name}'`);
    return log.fatal_('Cluster creation FAILED, all changes have been rolled back!');
  }

  // The API port: given, or a free random one.
  const used = new Set(listClusters(ctx.dir).flatMap((c) => bindingsOf(c).map((b) => b.HostPort)));
  const api: Json = {
    hostIP: kubeAPI.hostIP || '0.0.0.0',
    hostPort: kubeAPI.hostPort ? String(kubeAPI.hostPort) : randomPort(used),
  };
  api.host = kubeAPI.host || api.hostIP;
  const apiNode = lb ?? nodes[0];
  (apiNode.ports['6443/tcp'] ??= []).unshift({ HostIp: api.hostIP, HostPort: api.hostPort });

  // Network.
  const networks = readNetworks(ctx.dir);
  const netName = networkName || prefix;
  const external = Boolean(networkName);
  log.info('Prep: Network');
  let network: Json = networks[netName];
  if (network) {
    log.info(`Re-using existing network '${netName}' (${network.id})`);
  } else {
    const index = Object.keys(networks).length;
    network = {
      id: sha256(`network/${netName}/${Date.now()}/${Math.random()}`),
      created: new Date().toISOString(),
      subnet: `172.${18 + (index % 12)}.0.0/16`,
      gateway: `172.${18 + (index % 12)}.0.1`,
      labels: { app: 'k3d' },
      createdBy: name,
    };
    networks[netName] = network;
    log.info(`Created network '${netName}'`);
  }
  const members = listClusters(ctx.dir)
    .filter((c) => c.network.name === netName)
    .reduce((n, c) => n + c.nodes.length, 0);
  const base = network.gateway.split('.').slice(0, 3).join('.');
  const token = randomBytes(10).toString('hex').slice(0, 20);
  const created = new Date().toISOString().replace('Z', '456789Z');
  const imageVolume = `${prefix}-images`;
  log.info(`Created image volume ${imageVolume}`);
  log.info('Starting new tools node...');
  log.info(`Starting node '${prefix}-tools'`);
  const serverArgs = k3sArgs
    .filter((a) => (a.nodeFilters ?? []).length === 0 || a.nodeFilters.some((f: Json) => f.startsWith('server') || f === 'all'))
    .map((a) => a.arg);
  nodes.forEach((node, i) => {
    node.image = node.role === 'loadbalancer' ? 'ghcr.io/k3d-io/k3d-proxy:5.8.3' : image;
    node.running = true;
    node.created = created;
    node.ip = `${base}.${members + i + 3}`;
    if (node.role === 'server') {
      node.cmd = ['server', '--tls-san', '0.0.0.0', ...(lb ? ['--tls-san', lb.name] : []), ...serverArgs];
      if (servers > 1 && node.name.endsWith('-0')) node.cmd.push('--cluster-init');
    } else if (node.role === 'agent') {
      node.cmd = ['agent', ...k3sArgs.filter((a) => (a.nodeFilters ?? []).some((f: Json) => f.startsWith('agent'))).map((a) => a.arg)];
    } else node.cmd = null;
    if (node.role !== 'loadbalancer') log.info(`Creating node '${node.name}'`);
  });
  if (lb) log.info(`Creating LoadBalancer '${lb.name}'`);
  log.info('Using the k3d-tools node to gather environment information');
  log.info(`HostIP: using network gateway ${network.gateway} address`);
  log.info(`Starting cluster '${name}'`);
  log.info('Starting servers...');
  for (const node of nodes.filter((n) => n.role === 'server')) log.info(`Starting node '${node.name}'`);
  if (agents > 0) {
    log.info('Starting agents...');
    for (const node of nodes.filter((n) => n.role === 'agent')) log.info(`Starting node '${node.name}'`);
  } else log.info('All agents already running.');
  if (lb) {
    log.info('Starting helpers...');
    log.info(`Starting node '${lb.name}'`);
  } else log.info('All helpers already running.');

  const cluster = {
    name,
    created,
    token,
    image,
    network: { name: netName, id: network.id, external },
    imageVolume,
    api,
    lbDisabled,
    k3sArgs: serverArgs,
    nodes,
    kubeconfig: {
      server: `https://${api.host}:${api.hostPort}`,
      ca: Buffer.from(`-----BEGIN CERTIFICATE-----\nfake k3d ${name} ca ${token}\n-----END CERTIFICATE-----\n`).toString('base64'),
      cert: Buffer.from(`-----BEGIN CERTIFICATE-----\nfake k3d ${name} admin\n-----END CERTIFICATE-----\n`).toString('base64'),
      key: Buffer.from(`-----BEGIN EC PRIVATE KEY-----\nfake k3d ${name} admin key\n-----END EC PRIVATE KEY-----\n`).toString('base64'),
    },
  };
  const taken = takenBinding(ctx.dir, ctx.faults, cluster);
  if (taken) {
    log.error(`Failed Cluster Start: ${startFailure(cluster, taken)}`);
    if (noRollback) {
      for (const node of cluster.nodes) if (node.name === taken.node) node.running = false;
      saveCluster(ctx.dir, cluster);
      saveNetworks(ctx.dir, networks);
      return log.fatal_('Cluster creation FAILED, rollback deactivated.');
    }
    log.error('Failed to create cluster >>> Rolling Back');
    log.info(`Deleting cluster '${name}'`);
    if (!external && network.createdBy === name) {
      log.info(`Deleting cluster network '${netName}'`);
      delete networks[netName];
    }
    saveNetworks(ctx.dir, networks);
    log.info('Deleting 1 attached volumes...');
    return log.fatal_('Cluster creation FAILED, all changes have been rolled back!');
  }
  saveNetworks(ctx.dir, networks);
  saveCluster(ctx.dir, cluster);
  const apiStore = loadApi(ctx.dir, name);
  seedK3s(apiStore, name, { traefik: !serverArgs.some((a) => /^--disable[= ]traefik$/.test(a)) });
  saveApi(ctx.dir, name, apiStore);
  if (servers > 0 && nodes.length > 1) {
    log.info(
      `Injecting records for hostAliases (incl. host.k3d.internal) and for ${nodes.length} network members into CoreDNS configmap...`,
    );
  }
  log.info(`Cluster '${name}' created successfully!`);

  if (!updateKubeconfig && switchContext) {
    log.info('--kubeconfig-update-default=false --> sets --kubeconfig-switch-context=false');
    switchContext = false;
  }
  if (updateKubeconfig) {
    // k3d merges through a temporary file and a rename, unlocked; a failure is only logged (Warningln) and create exits 0.
    const failure = ctx.faults.kubeconfig?.loseOnCreate
      ? `failed to write merged kubeconfig to temporary file '${kubeconfigPathOrError(env).path}.tmp': write: input/output error`
      : writeKubeconfig(env, cluster, switchContext);
    if (failure) log.warn(failure);
  }
  log.info('You can now use it like this:');
  if (updateKubeconfig && !switchContext) out.out(`kubectl config use-context k3d-${name}\n`);
  else if (!switchContext) out.out(`export KUBECONFIG=$(k3d kubeconfig write ${name})\n`);
  out.out('kubectl cluster-info\n');
  return out.result();
}

/** KubeconfigGetWrite with UpdateExisting, as `cluster create` and `kubeconfig merge` call it. Returns a warning or undefined. */
export function writeKubeconfig(env: NodeJS.ProcessEnv, cluster: Json, switchContext: Json) {
  const { path, error } = kubeconfigPathOrError(env);
  if (error) return `failed to get default kubeconfig path: ${error}`;
  let config;
  try {
    config = loadFile(path);
  } catch (e) {
    return `failed to open output file '${path}' or it's not a kubeconfig: ${e.message}`;
  }
  if (!config) {
    mkdirSync(dirname(path), { recursive: true });
    config = emptyConfig();
  }
  const contextName = `k3d-${cluster.name}`;
  const user = `admin@k3d-${cluster.name}`;
  upsert(config.clusters, {
    cluster: { 'certificate-authority-data': cluster.kubeconfig.ca, server: cluster.kubeconfig.server },
    name: contextName,
  });
  upsert(config.users, {
    name: user,
    user: { 'client-certificate-data': cluster.kubeconfig.cert, 'client-key-data': cluster.kubeconfig.key },
  });
  upsert(config.contexts, { context: { cluster: contextName, user }, name: contextName });
  // KubeconfigMerge: an empty current-context is always set.
  if (switchContext || !config['current-context']) config['current-context'] = contextName;
  writeFile(path, config, 'k3d');
  return undefined;
}

// -------------------------------------------------------------------- list
