// `docker info` and `docker version`: what the engine says of itself, or what the client says without one.
import { Out } from '../common.js';
import { listClusters } from '../store.js';
import type { FakeContext, Json } from '../types.js';
import type { Faults } from '../../install.js';
import { CLIENT, DOCKER_DOWN, clientBlock, goTemplate } from './main.js';

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
    SecurityOptions: up
      ? ['name=apparmor', 'name=seccomp,profile=builtin', ...(faults.docker?.rootless ? ['name=rootless'] : []), 'name=cgroupns']
      : null,
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

export function info(ctx: FakeContext, up: Json, format: string | undefined, out: Out) {
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

export function version(ctx: FakeContext, up: Json, format: string | undefined, out: Out) {
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
