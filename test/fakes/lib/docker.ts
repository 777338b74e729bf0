// A fake docker CLI 28.2.2 (client) against a fake engine. The daemon can be
// "down" (faults.docker.daemon), then every command prints what the real
// client prints without a daemon (checked against /usr/local/bin/docker
// 28.2.2 with no daemon): client-side output on stdout, "Cannot connect to
// the Docker daemon ..." on stderr, exit 1.
//
// Networks are the built-in bridge/host/none, those k3d created for clusters
// (k3d/networks.json) and those made with `docker network create`.

import { Out, flagBool, flagValue, parseFlags, scriptedFault, sha256 } from './common.js';
import { listClusters, readNetworks, saveNetworks } from './store.js';
import type { FakeContext, Json, ParsedFlags } from './types.js';
import type { Faults } from '../install.js';

const DOCKER_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const CLIENT = {
  Version: '28.2.2',
  ApiVersion: '1.50',
  DefaultAPIVersion: '1.50',
  GitCommit: 'e6534b4',
  GoVersion: 'go1.24.3',
  Os: 'linux',
  Arch: 'amd64',
  BuildTime: 'Fri May 30 12:07:14 2025',
  Context: 'default',
};

const VALUE_FLAGS = new Set([
  'format',
  'f',
  'filter',
  'host',
  'H',
  'context',
  'c',
  'driver',
  'd',
  'subnet',
  'gateway',
  'label',
  'config',
  'log-level',
  'l',
]);

export function wantsStdin() {
  return false;
}

/** A small Go text/template: `{{json .}}`, `{{.A.B}}`, `{{json .A}}`, `{{len .A}}`, and the `json` shorthand. */
export function goTemplate(format: string, data: Json) {
  if (format === 'json') return JSON.stringify(data);
  return format.replace(/\{\{\s*(.*?)\s*\}\}/g, (_: Json, action: Json) => {
    const fn = /^(json|len)\s+/.exec(action)?.[1];
    const path = (fn ? action.slice(fn.length) : action).trim();
    const value =
      path === '.'
        ? data
        : path
            .replace(/^\./, '')
            .split('.')
            .reduce((acc: Json, key: string) => (acc == null ? undefined : acc[key]), data);
    if (fn === 'json') return JSON.stringify(value ?? null);
    // Go's len: maps, slices and strings; nil maps and slices have length 0.
    if (fn === 'len')
      return String(value == null ? 0 : typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).length : value.length);
    if (value === undefined) return '<no value>';
    if (value === null) return '<nil>';
    if (Array.isArray(value)) return `[${value.join(' ')}]`;
    if (typeof value === 'object')
      return `map[${Object.entries(value)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}]`;
    return String(value);
  });
}

function infoObject(up: Json, faults: Faults, dir: string) {
  const clusters = up ? listClusters(dir) : [];
  const nodes = clusters.flatMap((c) => c.nodes);
  const running = nodes.filter((n) => n.running).length;
  const custom: Json = faults.docker?.info ?? {};
  const value = (key: string, fallback: Json) => (up ? (custom[key] ?? fallback) : fallback);
  const z = (v: Json, zero: Json) => (up ? v : zero);
  const info: Json = {
    ID: z('b3f5c2a1-7d4e-4f0a-9c8b-1e2d3f4a5b6c', ''),
    Containers: z(nodes.length, 0),
    ContainersRunning: z(running, 0),
    ContainersPaused: 0,
    ContainersStopped: z(nodes.length - running, 0),
    Images: z(3, 0),
    Driver: z('overlay2', ''),
    DriverStatus: z(
      [
        ['Backing Filesystem', 'extfs'],
        ['Supports d_type', 'true'],
        ['Using metacopy', 'false'],
        ['Native Overlay Diff', 'true'],
        ['userxattr', 'false'],
      ],
      null,
    ),
    Plugins: up
      ? {
          Volume: ['local'],
          Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'],
          Authorization: null,
          Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'],
        }
      : { Volume: null, Network: null, Authorization: null, Log: null },
    MemoryLimit: up,
    SwapLimit: up,
    CpuCfsPeriod: up,
    CpuCfsQuota: up,
    CPUShares: up,
    CPUSet: up,
    PidsLimit: up,
    IPv4Forwarding: up,
    Debug: false,
    NFd: z(42, 0),
    OomKillDisable: false,
    NGoroutines: z(61, 0),
    SystemTime: z(new Date().toISOString(), ''),
    LoggingDriver: z('json-file', ''),
    CgroupDriver: z('systemd', ''),
    NEventsListener: 0,
    KernelVersion: value('KernelVersion', z('6.8.0-60-generic', '')),
    OperatingSystem: value('OperatingSystem', z('Ubuntu 24.04.2 LTS', '')),
    OSVersion: value('OSVersion', z('24.04', '')),
    OSType: value('OSType', z('linux', '')),
    Architecture: value('Architecture', z('x86_64', '')),
    IndexServerAddress: z('https://index.docker.io/v1/', ''),
    RegistryConfig: up
      ? {
          IndexConfigs: { 'docker.io': { Mirrors: null, Name: 'docker.io', Official: true, Secure: true } },
          InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
          Mirrors: null,
        }
      : null,
    NCPU: value('NCPU', z(8, 0)),
    MemTotal: value('MemTotal', z(16_663_445_504, 0)),
    GenericResources: null,
    DockerRootDir: z('/var/lib/docker', ''),
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: value('Name', z('fake-docker-host', '')),
    Labels: z([], null),
    ExperimentalBuild: false,
    ServerVersion: value('ServerVersion', z('28.2.2', '')),
    Runtimes: up
      ? {
          'io.containerd.runc.v2': { path: 'runc', status: { 'org.opencontainers.runtime-spec.features': '{}' } },
          runc: { path: 'runc', status: { 'org.opencontainers.runtime-spec.features': '{}' } },
        }
      : null,
    DefaultRuntime: z('runc', ''),
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: z('inactive', ''), ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: z('docker-init', ''),
    ContainerdCommit: { ID: z('05044ec0a9a75232cad458027ca83437aae3f4da', '') },
    RuncCommit: { ID: z('v1.2.5-0-g59923ef', '') },
    InitCommit: { ID: z('de40ad0', '') },
    SecurityOptions: up ? ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'] : null,
    CDISpecDirs: up ? ['/etc/cdi', '/var/run/cdi'] : null,
    Warnings: null,
    ClientInfo: {
      Debug: false,
      Version: CLIENT.Version,
      DefaultAPIVersion: CLIENT.DefaultAPIVersion,
      GitCommit: CLIENT.GitCommit,
      GoVersion: CLIENT.GoVersion,
      Os: CLIENT.Os,
      Arch: CLIENT.Arch,
      BuildTime: CLIENT.BuildTime,
      Context: CLIENT.Context,
      Plugins: [],
      Warnings: null,
    },
  };
  if (up) {
    // Fields the engine sets that are omitted when empty.
    info.CgroupVersion = '2';
  }
  return info;
}

function humanBytes(bytes: Json) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(2).replace(/\.?0+$/, '')}${units[i]}`;
}

function clientBlock() {
  return `Client:\n Version:    ${CLIENT.Version}\n Context:    ${CLIENT.Context}\n Debug Mode: false\n\n`;
}

export function docker(ctx: FakeContext) {
  const out = new Out();
  // `-f` is --filter for `network ls` and --format elsewhere.
  const listing = ctx.argv[0] === 'network' && ['ls', 'list'].includes(ctx.argv[1] ?? '');
  const parsed = parseFlags(ctx.argv, VALUE_FLAGS, { f: listing ? 'filter' : 'format', q: 'quiet' });
  const [command, sub, ...args] = parsed.args;
  const scripted = scriptedFault(ctx.dir, ctx.faults, 'docker', command === 'network' ? 'network' : (command ?? ''), ctx.argv);
  if (scripted) return scripted;
  const up = ctx.faults.docker?.daemon !== 'down';
  const format = flagValue(parsed, 'format');
  switch (command) {
    case 'info':
      return info(ctx, up, format, out);
    case 'version':
      return version(ctx, up, format, out);
    case 'network':
      return network(ctx, up, sub, args, parsed, out);
    default:
      return out.fail(1, `docker: unknown command: docker ${command ?? ''}\n\nRun 'docker --help' for more information`).result();
  }
}

function info(ctx: FakeContext, up: Json, format: string | undefined, out: Out) {
  const data = infoObject(up, ctx.faults, ctx.dir);
  if (format) {
    out.out(`${goTemplate(format, data)}\n`);
    if (!up) out.fail(1, DOCKER_DOWN);
    return out.result();
  }
  out.out(clientBlock());
  out.out('Server:\n');
  if (!up) return out.fail(1, DOCKER_DOWN).result();
  out.out(
    [
      ` Containers: ${data.Containers}`,
      `  Running: ${data.ContainersRunning}`,
      `  Paused: ${data.ContainersPaused}`,
      `  Stopped: ${data.ContainersStopped}`,
      ` Images: ${data.Images}`,
      ` Server Version: ${data.ServerVersion}`,
      ` Storage Driver: ${data.Driver}`,
      ` Logging Driver: ${data.LoggingDriver}`,
      ` Cgroup Driver: ${data.CgroupDriver}`,
      ` Cgroup Version: ${data.CgroupVersion}`,
      ` Kernel Version: ${data.KernelVersion}`,
      ` Operating System: ${data.OperatingSystem}`,
      ` OSType: ${data.OSType}`,
      ` Architecture: ${data.Architecture}`,
      ` CPUs: ${data.NCPU}`,
      ` Total Memory: ${humanBytes(data.MemTotal)}`,
      ` Name: ${data.Name}`,
      ` ID: ${data.ID}`,
      ` Docker Root Dir: ${data.DockerRootDir}`,
      ' Debug Mode: false',
      ' Experimental: false',
      ' Insecure Registries:',
      '  ::1/128',
      '  127.0.0.0/8',
      ' Live Restore Enabled: false',
      '',
      '',
    ].join('\n'),
  );
  return out.result();
}

function version(ctx: FakeContext, up: Json, format: string | undefined, out: Out) {
  const server: Json = up
    ? {
        Platform: { Name: 'Docker Engine - Community' },
        Version: ctx.faults.docker?.info?.ServerVersion ?? '28.2.2',
        ApiVersion: '1.50',
        MinAPIVersion: '1.24',
        GitCommit: '45873be',
        GoVersion: 'go1.24.3',
        Os: 'linux',
        Arch: 'amd64',
        KernelVersion: '6.8.0-60-generic',
        BuildTime: '2025-05-30T12:07:14.000000000+00:00',
      }
    : null;
  if (format) {
    out.out(`${goTemplate(format, { Client: CLIENT, Server: server })}\n`);
    if (!up) out.fail(1, DOCKER_DOWN);
    return out.result();
  }
  out.out(
    [
      'Client:',
      ` Version:           ${CLIENT.Version}`,
      ` API version:       ${CLIENT.ApiVersion}`,
      ` Go version:        ${CLIENT.GoVersion}`,
      ` Git commit:        ${CLIENT.GitCommit}`,
      ` Built:             ${CLIENT.BuildTime}`,
      ` OS/Arch:           ${CLIENT.Os}/${CLIENT.Arch}`,
      ` Context:           ${CLIENT.Context}`,
      '',
    ].join('\n'),
  );
  if (!up) return out.fail(1, DOCKER_DOWN).result();
  out.out(
    [
      '',
      'Server: Docker Engine - Community',
      ' Engine:',
      `  Version:          ${server.Version}`,
      '  API version:      1.50 (minimum version 1.24)',
      '  Go version:       go1.24.3',
      '  Git commit:       45873be',
      '  Built:            Fri May 30 12:07:14 2025',
      '  OS/Arch:          linux/amd64',
      '  Experimental:     false',
      ' containerd:',
      '  Version:          1.7.27',
      '  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da',
      ' runc:',
      '  Version:          1.2.5',
      '  GitCommit:        v1.2.5-0-g59923ef',
      ' docker-init:',
      '  Version:          0.19.0',
      '  GitCommit:        de40ad0',
      '',
    ].join('\n'),
  );
  return out.result();
}

const BUILTIN_NETWORKS = {
  bridge: { driver: 'bridge', subnet: '172.17.0.0/16', gateway: '172.17.0.1' },
  host: { driver: 'host' },
  none: { driver: 'null' },
};

/** Every network the engine knows, as docker's NetworkResource. */
function allNetworks(dir: string) {
  const clusters = listClusters(dir);
  const out: Json[] = [];
  for (const [name, n] of Object.entries(BUILTIN_NETWORKS)) {
    out.push(resource(name, { id: sha256(`builtin/${name}`), created: '2026-01-01T00:00:00.000000000Z', labels: {}, ...n }, []));
  }
  for (const [name, n] of Object.entries(readNetworks(dir))) {
    const members = clusters.filter((c) => c.network.name === name).flatMap((c) => c.nodes.filter((node: Json) => node.running));
    out.push(resource(name, { driver: 'bridge', ...n }, members));
  }
  return out;
}

function resource(name: string, n: Json, members: Json) {
  const config = n.subnet ? [{ Subnet: n.subnet, Gateway: n.gateway }] : [];
  return {
    Name: name,
    Id: n.id,
    Created: n.created,
    Scope: 'local',
    Driver: n.driver,
    EnableIPv4: n.driver === 'bridge',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: n.driver === 'bridge' && name !== 'bridge' ? {} : null, Config: config },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(
      members.map((node: Json) => [
        sha256(`container/${node.name}`),
        {
          Name: node.name,
          EndpointID: sha256(`endpoint/${node.name}`),
          MacAddress: `02:42:ac:12:00:${node.ip.split('.').pop().padStart(2, '0')}`,
          IPv4Address: `${node.ip}/16`,
          IPv6Address: '',
        },
      ]),
    ),
    Options:
      n.driver === 'bridge' && name !== 'bridge'
        ? {
            'com.docker.network.bridge.enable_ip_masquerade': 'true',
            'com.docker.network.enable_ipv4': 'true',
            'com.docker.network.enable_ipv6': 'false',
          }
        : {},
    Labels: n.labels ?? {},
  };
}

function network(ctx: FakeContext, up: Json, sub: string | undefined, args: Json, parsed: ParsedFlags, out: Out) {
  const format = flagValue(parsed, 'format');
  switch (sub) {
    case 'inspect': {
      if (!up) {
        if (!format || format === 'json') out.out('[]\n');
        else out.out('\n');
        return out.fail(1, DOCKER_DOWN).result();
      }
      const networks = allNetworks(ctx.dir);
      const found: Json[] = [];
      const errors: Json[] = [];
      for (const ref of args) {
        const n = networks.find((x) => x.Name === ref || x.Id === ref || (ref.length >= 3 && x.Id.startsWith(ref)));
        if (n) found.push(n);
        else errors.push(`Error response from daemon: network ${ref} not found`);
      }
      if (!format) out.out(found.length ? `${JSON.stringify(found, null, 4)}\n` : '[]\n');
      else if (format === 'json') out.out(found.length ? `${JSON.stringify(found)}\n` : '[]\n');
      else out.out(found.length ? found.map((n) => `${goTemplate(format, n)}\n`).join('') : '\n');
      if (errors.length) out.fail(1, errors.join('\n'));
      return out.result();
    }
    case 'ls':
    case 'list': {
      if (!up) return out.fail(1, DOCKER_DOWN).result();
      let networks = allNetworks(ctx.dir);
      for (const filter of parsed.flags.get('filter') ?? []) {
        const [key, value = ''] = filter.split('=');
        if (key === 'name') networks = networks.filter((n) => n.Name.includes(value));
        if (key === 'label')
          networks = networks.filter((n) =>
            value.includes('=') ? n.Labels[value.split('=')[0]!] === value.split('=')[1] : value in n.Labels,
          );
        if (key === 'driver') networks = networks.filter((n) => n.Driver === value);
      }
      networks.sort((a, b) => a.Name.localeCompare(b.Name));
      if (flagBool(parsed, 'quiet')) return out.out(networks.map((n) => `${n.Id.slice(0, 12)}\n`).join('')).result();
      const rows = networks.map((n) => ({
        ID: n.Id.slice(0, 12),
        Name: n.Name,
        Driver: n.Driver,
        Scope: n.Scope,
        IPv6: 'false',
        Internal: 'false',
        Labels: Object.entries(n.Labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
        CreatedAt: n.Created,
      }));
      if (format) return out.out(rows.map((r) => `${goTemplate(format, r)}\n`).join('')).result();
      const table = [['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], ...rows.map((r) => [r.ID, r.Name, r.Driver, r.Scope])];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i].length)) + 3);
      return out.out(table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('')).join('\n') + '\n').result();
    }
    case 'create': {
      if (!up) return out.fail(1, DOCKER_DOWN).result();
      const name = args[0];
      const networks = readNetworks(ctx.dir);
      if (networks[name] || (BUILTIN_NETWORKS as Record<string, Json>)[name])
        return out.fail(1, `Error response from daemon: network with name ${name} already exists`).result();
      const index = Object.keys(networks).length;
      // `--label KEY=VALUE` (repeatable); `--label KEY` gives an empty value, as docker's opts.ConvertKVStringsToMap.
      const labels = Object.fromEntries(
        (parsed.flags.get('label') ?? []).map((l: Json) =>
          l.includes('=') ? [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] : [l, ''],
        ),
      );
      networks[name] = {
        id: sha256(`network/${name}/${Date.now()}`),
        created: new Date().toISOString(),
        subnet: `172.${18 + (index % 12)}.0.0/16`,
        gateway: `172.${18 + (index % 12)}.0.1`,
        labels,
      };
      saveNetworks(ctx.dir, networks);
      return out.out(`${networks[name].id}\n`).result();
    }
    case 'rm':
    case 'remove': {
      if (!up) return out.fail(1, DOCKER_DOWN).result();
      const networks = readNetworks(ctx.dir);
      const errors: Json[] = [];
      for (const name of args) {
        if (!networks[name]) {
          errors.push(`Error response from daemon: network ${name} not found`);
          continue;
        }
        if (listClusters(ctx.dir).some((c) => c.network.name === name)) {
          errors.push(
            `Error response from daemon: error while removing network: network ${name} id ${networks[name].id} has active endpoints`,
          );
          continue;
        }
        delete networks[name];
        out.out(`${name}\n`);
      }
      saveNetworks(ctx.dir, networks);
      if (errors.length) out.fail(1, errors.join('\n'));
      return out.result();
    }
    default:
      return out
        .fail(1, `docker: unknown command: docker network ${sub ?? ''}\n\nRun 'docker network --help' for more information`)
        .result();
  }
}
