// A fake k3d v5.8.3. Clusters live in $MESH_FAKE_STATE/k3d/clusters; their
// API objects (seeded with what k3s starts with) in $MESH_FAKE_STATE/api.
//
// Behaviour follows k3d-io/k3d: cmd/cluster/cluster{Create,List,Delete,Start,Stop}.go,
// pkg/client/{cluster,kubeconfig,ports}.go, pkg/types, pkg/runtimes/docker/translate.go.
// Logging follows k3d's logrus setup (cmd/root.go): INFO and DEBUG go to
// stdout, WARN/ERRO/FATA to stderr, coloured unless LOG_COLORS=false; FATA exits 1.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import YAML from 'yaml';
import { Out, flagBool, flagValue, isObject, parseFlags, scriptedFault, sha256, sortKeys } from './common.js';
import { seedK3s } from './k3s.js';
import { defaultChain, emptyConfig, loadFile, upsert, writeFile } from './kubeconfig.js';
import { getCluster, isRunning, listClusters, loadApi, readNetworks, removeCluster, saveApi, saveCluster, saveNetworks } from './store.js';
import type { FakeContext, Json, ParsedFlags } from './types.js';
import type { Faults } from '../install.js';

export const K3D_VERSION = 'v5.8.3';
export const K3S_VERSION = 'v1.35.2-k3s1';
const DEFAULT_IMAGE = `docker.io/rancher/k3s:${K3S_VERSION}`;
const DOCKER_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const DEFAULT_PORT_TARGETS = '[servers:*:proxy agents:*:proxy]';

const VALUE_FLAGS = new Set([
  'config',
  'c',
  'output',
  'o',
  'servers',
  's',
  'agents',
  'a',
  'image',
  'i',
  'port',
  'p',
  'api-port',
  'network',
  'k3s-arg',
  'timeout',
  'token',
  'subnet',
  'volume',
  'v',
  'env',
  'e',
]);
const SHORT = { c: 'config', o: 'output', s: 'servers', a: 'agents', i: 'image', p: 'port', v: 'volume', e: 'env' };

/** `-a` is --agents for create but --all for delete/start/stop. */
function tables(argv: string[]): [ReadonlySet<string>, Record<string, string>] {
  if (argv[0] === 'cluster' && ['delete', 'rm', 'del', 'start', 'stop'].includes(argv[1] ?? '')) {
    const values = new Set([...VALUE_FLAGS].filter((f) => f !== 'a'));
    return [values, { ...SHORT, a: 'all' }];
  }
  return [VALUE_FLAGS, SHORT];
}

export function wantsStdin(argv: string[]) {
  const parsed = parseFlags(argv, ...tables(argv));
  return parsed.args[0] === 'cluster' && ['create'].includes(parsed.args[1] ?? '') && flagValue(parsed, 'config') === '-';
}

/** k3d's logrus logger: INFO/DEBU on stdout, the rest on stderr. */
class Log {
  colored: Json;
  out: Json;
  fatal: boolean;

  constructor(out: Out, env: NodeJS.ProcessEnv) {
    this.out = out;
    const colors = env.LOG_COLORS;
    this.colored = colors === undefined || !/^(0|f|false)$/i.test(colors);
    this.fatal = false;
  }
  line(level: string, message: string) {
    const text = String(message).replace(/\n$/, '');
    const colors: Record<string, number> = { INFO: 36, DEBU: 37, WARN: 33, ERRO: 31, FATA: 31 };
    let line;
    if (this.colored) {
      line = `\x1b[${colors[level]}m${level}\x1b[0m[0000] ${text.padEnd(44)} \n`;
    } else {
      const names: Record<string, string> = { INFO: 'info', DEBU: 'debug', WARN: 'warning', ERRO: 'error', FATA: 'fatal' };
      const quote = (s: Json) => (/^[A-Za-z0-9\-._/@^+]+$/.test(s) ? s : JSON.stringify(s));
      line = `time=${quote(new Date().toISOString().replace(/\.\d+Z$/, 'Z'))} level=${names[level]} msg=${quote(text)}\n`;
    }
    if (level === 'INFO' || level === 'DEBU') this.out.out(line);
    else this.out.err(line);
  }
  info(message: string) {
    this.line('INFO', message);
  }
  warn(message: string) {
    this.line('WARN', message);
  }
  error(message: string) {
    this.line('ERRO', message);
  }
  /** Fatal: logs and ends the command with exit code 1. */
  fatal_(message: string) {
    this.line('FATA', message);
    this.out.code = 1;
    return this.out.result();
  }
}

export function k3d(ctx: FakeContext) {
  const out = new Out();
  const log = new Log(out, ctx.env);
  const parsed = parseFlags(ctx.argv, ...tables(ctx.argv));
  const [group, sub, ...names] = parsed.args;
  if (flagBool(parsed, 'version') && !group) return printVersion(out, undefined);
  if (group === 'version') {
    const scripted = scriptedFault(ctx.dir, ctx.faults, 'k3d', 'version', ctx.argv);
    if (scripted) return scripted;
    return printVersion(out, flagValue(parsed, 'output'));
  }
  if (group !== 'cluster') {
    return out.fail(1, `Error: unknown command ${JSON.stringify(group ?? '')} for "k3d"\nRun 'k3d --help' for usage.`).result();
  }
  const command = ({ ls: 'list', get: 'list', rm: 'delete', del: 'delete' } as Record<string, string>)[sub ?? ''] ?? sub;
  const scripted = scriptedFault(ctx.dir, ctx.faults, 'k3d', command ?? '', ctx.argv);
  if (scripted) return scripted;
  const down = ctx.faults.docker?.daemon === 'down';
  switch (command) {
    case 'create':
      return create(ctx, parsed, names, log, down);
    case 'list':
      return list(ctx, parsed, names, log, down);
    case 'delete':
      return del(ctx, parsed, names, log, down);
    case 'start':
      return start(ctx, parsed, names, log, down);
    case 'stop':
      return stop(ctx, parsed, names, log, down);
    default:
      return out
        .fail(1, `Error: unknown command ${JSON.stringify(sub ?? '')} for "k3d cluster"\nRun 'k3d cluster --help' for usage.`)
        .result();
  }
}

function printVersion(out: Out, output: Json) {
  if (output === 'json') return out.out(`${JSON.stringify({ k3d: K3D_VERSION, k3s: K3S_VERSION })}\n`).result();
  return out.out(`k3d version ${K3D_VERSION}\nk3s version ${K3S_VERSION} (default)\n`).result();
}

// -------------------------------------------------------------------- helpers

/** Go's os.ExpandEnv, which k3d runs over the whole config file before parsing it. */
export function expandEnv(text: string, env: NodeJS.ProcessEnv) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '$' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const rest = text.slice(i + 1);
    const special = (c: Json) => '*#$@!?-0123456789'.includes(c);
    let name = '';
    let width = 0;
    if (rest[0] === '{') {
      if (rest.length > 2 && special(rest[1]) && rest[2] === '}') {
        name = rest[1]!;
        width = 3;
      } else {
        const close = rest.indexOf('}');
        if (close === -1) width = 1;
        else if (close === 1) width = 2;
        else {
          name = rest.slice(1, close);
          width = close + 1;
        }
      }
    } else if (special(rest[0])) {
      name = rest[0]!;
      width = 1;
    } else {
      const m = /^[A-Za-z0-9_]*/.exec(rest)![0];
      name = m;
      width = m.length;
    }
    if (name === '' && width > 0) {
      // Bad syntax: the characters are eaten.
    } else if (name === '') out += '$';
    else out += env[name] ?? '';
    i += width;
  }
  return out;
}

const SCHEMA_TOP = [
  'apiVersion',
  'kind',
  'metadata',
  'servers',
  'agents',
  'kubeAPI',
  'image',
  'network',
  'subnet',
  'token',
  'volumes',
  'ports',
  'files',
  'options',
  'env',
  'registries',
  'hostAliases',
];
const SCHEMA_OPTIONS = {
  k3d: ['wait', 'timeout', 'disableLoadbalancer', 'disableImageVolume', 'disableRollback', 'loadbalancer'],
  k3s: ['extraArgs', 'nodeLabels'],
  kubeconfig: ['updateDefaultKubeconfig', 'switchCurrentContext'],
  runtime: ['gpuRequest', 'serversMemory', 'agentsMemory', 'hostPidMode', 'labels', 'ulimits'],
};

/** A few of gojsonschema's checks of the v1alpha5 schema, in its wording. */
function schemaErrors(config: Json) {
  const errors: Json[] = [];
  if (!isObject(config)) return ['(root): Invalid type. Expected: object, given: ' + (Array.isArray(config) ? 'array' : typeof config)];
  for (const key of ['apiVersion', 'kind']) if (!(key in config)) errors.push(`(root): ${key} is required`);
  for (const key of Object.keys(config)) if (!SCHEMA_TOP.includes(key)) errors.push(`(root): Additional property ${key} is not allowed`);
  for (const key of ['servers', 'agents']) {
    if (key in config && !Number.isInteger(config[key]))
      errors.push(`${key}: Invalid type. Expected: integer, given: ${typeof config[key] === 'string' ? 'string' : typeof config[key]}`);
  }
  if (config.kind !== undefined && config.kind !== 'Simple') errors.push('kind: kind must be one of the following: "Simple"');
  if (isObject(config.options)) {
    for (const [group, keys] of Object.entries(SCHEMA_OPTIONS)) {
      for (const key of Object.keys(config.options[group] ?? {}))
        if (!keys.includes(key)) errors.push(`options.${group}: Additional property ${key} is not allowed`);
    }
    for (const key of Object.keys(config.options))
      if (!(key in SCHEMA_OPTIONS)) errors.push(`options: Additional property ${key} is not allowed`);
  }
  for (const [i, p] of (Array.isArray(config.ports) ? config.ports : []).entries()) {
    for (const key of Object.keys(p ?? {}))
      if (!['port', 'nodeFilters'].includes(key)) errors.push(`ports.${i}: Additional property ${key} is not allowed`);
  }
  return errors;
}

/** docker's nat.ParsePortSpec: `[ip:][hostPort:]containerPort[/proto]`, ranges allowed. */
export function parsePortSpec(spec: Json) {
  let text = String(spec);
  let proto = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash !== -1) {
    proto = text.slice(slash + 1).toLowerCase();
    text = text.slice(0, slash);
  }
  const parts = text.split(':');
  const container = parts.pop();
  const host = parts.length ? parts.pop() : '';
  const ip = parts.join(':').replace(/^\[|\]$/g, '');
  const range = (r: Json) => {
    if (r === '') return [''];
    const [a, b] = r.split('-').map(Number);
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new Error(`invalid port specification: "${spec}"`);
    return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => String(a + i));
  };
  const containers = range(container);
  const hosts = range(host);
  return containers.map((c, i) => ({
    port: `${c}/${proto}`,
    binding: { HostIp: ip, HostPort: hosts.length === containers.length ? hosts[i] : hosts[0] },
  }));
}

function splitFilter(text: string) {
  const at = text.lastIndexOf('@');
  return at === -1 ? { value: text, filters: [] } : { value: text.slice(0, at), filters: text.slice(at + 1).split(';') };
}

function randomPort(used: Json) {
  for (;;) {
    const port = String(32768 + (randomBytes(2).readUInt16BE(0) % 28000));
    if (!used.has(port)) return port;
  }
}

function bindingsOf(cluster: Json) {
  const out: Json[] = [];
  for (const node of cluster.nodes) {
    for (const [port, list] of Object.entries<Json[]>(node.ports ?? {})) for (const b of list) out.push({ node: node.name, port, ...b });
  }
  return out;
}

function clash(a: Json, b: Json) {
  const proto = (p: Json) => p.split('/')[1] ?? 'tcp';
  if (!a.HostPort || a.HostPort !== b.HostPort || proto(a.port) !== proto(b.port)) return false;
  const anyIp = (ip: Json) => !ip || ip === '0.0.0.0' || ip === '::';
  return anyIp(a.HostIp) || anyIp(b.HostIp) || a.HostIp === b.HostIp;
}

/** The first host port of `cluster` that is taken: by another running cluster or by faults.ports.taken. */
function takenBinding(dir: string, faults: Faults, cluster: Json) {
  const mine = bindingsOf(cluster);
  const others = listClusters(dir)
    .filter((c) => c.name !== cluster.name)
    .flatMap((c) =>
      c.nodes
        .filter((n: Json) => n.running)
        .flatMap((n: Json) => Object.entries<Json[]>(n.ports ?? {}).flatMap(([port, list]) => list.map((b) => ({ port, ...b })))),
    );
  const faulted = (faults.ports?.taken ?? []).map((t: Json) => {
    const text = String(t);
    const [hostPart = '', proto = 'tcp'] = text.split('/');
    const colon = hostPart.lastIndexOf(':');
    return {
      port: `0/${proto}`,
      HostIp: colon === -1 ? '' : hostPart.slice(0, colon),
      HostPort: colon === -1 ? hostPart : hostPart.slice(colon + 1),
    };
  });
  for (const b of mine) if ([...others, ...faulted].some((o) => clash(b, o))) return b;
  return undefined;
}

function bindError(binding: Json) {
  const ip = binding.HostIp || '0.0.0.0';
  return `Error response from daemon: driver failed programming external connectivity on endpoint ${binding.node} (${sha256(`${binding.node}/${Date.now()}`)}): Bind for ${ip}:${binding.HostPort} failed: port is already allocated`;
}

function startFailure(cluster: Json, binding: Json) {
  const node = cluster.nodes.find((n: Json) => n.name === binding.node);
  const inner = `runtime failed to start node '${node.name}': docker failed to start container for node '${node.name}': ${bindError(binding)}`;
  if (node.role === 'server') return `Failed to start server ${node.name}: ${inner}`;
  if (node.role === 'agent') return `Failed to add one or more agents: ${inner}`;
  return `Failed to add one or more helper nodes: ${inner}`;
}

function kubeconfigPathOrError(env: NodeJS.ProcessEnv) {
  const chain = defaultChain(env);
  if (chain.length > 1)
    return {
      error:
        'multiple kubeconfigs specified via KUBECONFIG env var: Please reduce to one entry, unset KUBECONFIG or explicitly choose an output',
    };
  return { path: chain[0] };
}

// -------------------------------------------------------------------- create

function create(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
  const out = log.out;
  const env = ctx.env;
  let simple: Json = { apiVersion: 'k3d.io/v1alpha5', kind: 'Simple' };
  const configFile = flagValue(parsed, 'config');
  if (configFile) {
    let raw;
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
    if (!['k3d.io/v1alpha2', 'k3d.io/v1alpha3', 'k3d.io/v1alpha4', 'k3d.io/v1alpha5'].includes(apiVersion.toLowerCase())) {
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
    const failure = writeKubeconfig(env, cluster, switchContext);
    if (failure) log.warn(failure);
  }
  log.info('You can now use it like this:');
  if (updateKubeconfig && !switchContext) out.out(`kubectl config use-context k3d-${name}\n`);
  else if (!switchContext) out.out(`export KUBECONFIG=$(k3d kubeconfig write ${name})\n`);
  out.out('kubectl cluster-info\n');
  return out.result();
}

/** KubeconfigGetWrite with UpdateExisting, as `cluster create` calls it. Returns a warning or undefined. */
function writeKubeconfig(env: NodeJS.ProcessEnv, cluster: Json, switchContext: Json) {
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
  writeFile(path, config);
  return undefined;
}

// -------------------------------------------------------------------- list

function nodeJson(cluster: Json, node: Json) {
  const labels: Record<string, Json> = {
    'k3d.cluster': cluster.name,
    'k3d.cluster.imageVolume': cluster.imageVolume,
    'k3d.cluster.network': cluster.network.name,
    'k3d.cluster.network.external': String(cluster.network.external),
    'k3d.cluster.network.id': cluster.network.id,
    'k3d.cluster.network.iprange': '',
    'k3d.cluster.token': cluster.token,
    'k3d.cluster.url': `https://k3d-${cluster.name}-server-0:6443`,
    'k3d.role': node.role,
    'k3d.version': K3D_VERSION,
  };
  const kubeAPI: Json = { Port: '', Binding: { HostIp: '', HostPort: '' } };
  if (node.role === 'server') {
    labels['k3d.server.api.host'] = cluster.api.host;
    labels['k3d.server.api.hostIP'] = cluster.api.hostIP;
    labels['k3d.server.api.port'] = cluster.api.hostPort;
    kubeAPI.Binding = { HostIp: cluster.api.hostIP, HostPort: cluster.api.hostPort };
    kubeAPI.host = cluster.api.host;
  }
  const entry: Json = {
    name: node.name,
    role: node.role,
    // TranslateContainerDetailsToNode uses the container's Image, which docker gives as the image ID.
    image: `sha256:${sha256(node.image)}`,
  };
  if (node.role !== 'loadbalancer') entry.volumes = [`${cluster.imageVolume}:/k3d/images`];
  entry.env =
    node.role === 'loadbalancer'
      ? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NGINX_VERSION=1.27.4', 'OS=linux']
      : [
          `K3S_TOKEN=${cluster.token}`,
          'K3S_KUBECONFIG_OUTPUT=/output/kubeconfig.yaml',
          ...(node.role === 'agent' ? [`K3S_URL=https://k3d-${cluster.name}-serverlb:6443`] : []),
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/bin/aux',
          'CRI_CONFIG_FILE=/var/lib/rancher/k3s/agent/etc/crictl.yaml',
        ];
  entry.Cmd = node.cmd ?? null;
  if (Object.keys(node.ports ?? {}).length) entry.portMappings = sortKeys(node.ports);
  entry.restart = true;
  entry.created = node.created;
  entry.runtimeLabels = sortKeys(labels);
  entry.Networks = [cluster.network.name];
  entry.ExtraHosts = null;
  entry.serverOpts = { kubeAPI };
  entry.agentOpts = {};
  entry.GPURequest = '';
  entry.Memory = '';
  entry.State = { Running: Boolean(node.running), Status: node.running ? 'running' : 'exited', Started: '' };
  entry.IP = { IP: node.running ? node.ip : '', Static: false };
  entry.K3dEntrypoint = false;
  return entry;
}

/** One entry of `k3d cluster list -o json`: k3d.Cluster (as ClusterList fills it) plus the counts. */
export function clusterJson(cluster: Json) {
  const servers = cluster.nodes.filter((n: Json) => n.role === 'server');
  const agents = cluster.nodes.filter((n: Json) => n.role === 'agent');
  const network: Json = { name: cluster.network.name, id: '' };
  if (cluster.network.external) network.isExternal = true;
  network.ipam = { ipPrefix: '', Managed: false };
  network.Members = null;
  const entry: Json = {
    name: cluster.name,
    network,
    nodes: cluster.nodes.map((n: Json) => nodeJson(cluster, n)),
    InitNode: null,
    imageVolume: cluster.imageVolume,
    serversRunning: servers.filter((n: Json) => n.running).length,
    serversCount: servers.length,
    agentsRunning: agents.filter((n: Json) => n.running).length,
    agentsCount: agents.length,
  };
  if (cluster.nodes.some((n: Json) => n.role === 'loadbalancer')) entry.hasLoadbalancer = true;
  return entry;
}

function tabwriter(rows: Json) {
  const widths = rows[0].map((_: Json, i: Json) => Math.max(6, ...rows.map((r: Json) => String(r[i]).length + 3)));
  return (
    rows.map((r: Json) => r.map((c: Json, i: Json) => (i === r.length - 1 ? String(c) : String(c).padEnd(widths[i]))).join('')).join('\n') +
    '\n'
  );
}

function list(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
  const out = log.out;
  if (down) {
    if (names.length) {
      log.error(
        `Failed to get nodes for cluster '${names[0]}': docker failed to get containers with labels 'map[k3d.cluster:${names[0]}]': failed to list containers: ${DOCKER_DOWN}`,
      );
      return log.fatal_('No nodes found for given cluster');
    }
    return log.fatal_(
      `runtime failed to list nodes: docker failed to get containers with labels 'map[app:k3d]': failed to list containers: ${DOCKER_DOWN}`,
    );
  }
  let clusters = listClusters(ctx.dir);
  if (names.length) {
    const picked: Json[] = [];
    for (const name of names) {
      const cluster = clusters.find((c) => c.name === name);
      if (!cluster) return log.fatal_('No nodes found for given cluster');
      picked.push(cluster);
    }
    clusters = picked.sort((a, b) => a.name.localeCompare(b.name));
  }
  const output = (flagValue(parsed, 'output') ?? '').toLowerCase();
  const entries = clusters.map(clusterJson);
  if (flagBool(parsed, 'token')) entries.forEach((e, i) => (e.clusterToken = clusters[i].token));
  if (output === 'json') return out.out(`${JSON.stringify(entries)}\n`).result();
  if (output === 'yaml')
    return out.out(`${YAML.stringify(JSON.parse(JSON.stringify(entries.map(sortKeys))), { indentSeq: false })}\n`).result();
  const rows = flagBool(parsed, 'no-headers') ? [] : [['NAME', 'SERVERS', 'AGENTS', 'LOADBALANCER']];
  for (const e of entries)
    rows.push([e.name, `${e.serversRunning}/${e.serversCount}`, `${e.agentsRunning}/${e.agentsCount}`, String(Boolean(e.hasLoadbalancer))]);
  if (rows.length) out.out(tabwriter(rows));
  return out.result();
}

// -------------------------------------------------------------------- delete

function targetsOf(ctx: FakeContext, parsed: ParsedFlags, names: string[]) {
  if (flagBool(parsed, 'all')) return { all: true, names: listClusters(ctx.dir).map((c) => c.name) };
  if (names.length) return { names };
  return { names: ['k3s-default'] };
}

function del(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
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
  writeFile(path, config);
  return undefined;
}

// -------------------------------------------------------------------- start / stop

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

function start(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
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

function stop(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
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
