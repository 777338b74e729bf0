import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToolError } from '../../lib/errors.js';
import { k3dAdapter } from '../../lib/tools/k3d/adapter.js';
import { FakeRunner } from '../helpers/fake-runner.js';
import { executable, failure } from '../helpers/errors.js';

let work: string;
let fakeK3d: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'mesh-k3d-unit-'));
  fakeK3d = executable(join(work, 'bin', 'k3d'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

// --- Realistic `k3d cluster list -o json` output (k3d v5.8.3, docker runtime), as k3d's structs serialise:
// Cluster/Node fields with json tags are camelCase, untagged ones (State, IP, Networks, Cmd, Memory …) keep
// Go's names; portMappings is docker's HostConfig.PortBindings; `image` is the container's image ID.
const K3S_IMAGE_ID = 'sha256:4f7b3d6c1e8a2b9d0c5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c';
const LB_IMAGE_ID = 'sha256:9a2c1f3e5d7b9a1c3e5f7a9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f';

function labels(cluster: string, role: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'k3d.cluster': cluster,
    'k3d.cluster.imageVolume': `k3d-${cluster}-images`,
    'k3d.cluster.network': `k3d-${cluster}`,
    'k3d.cluster.network.external': 'false',
    'k3d.cluster.network.id': '1b8a6f0e2c4d',
    'k3d.cluster.network.iprange': '172.18.0.0/16',
    'k3d.cluster.token': 'SECRETTOKENvalue',
    'k3d.cluster.url': `https://k3d-${cluster}-server-0:6443`,
    'k3d.role': role,
    'k3d.version': 'v5.8.3',
    ...extra,
  };
}

function node(
  cluster: string,
  name: string,
  role: string,
  running: boolean,
  ip: string,
  ports: Record<string, unknown> = {},
  image = K3S_IMAGE_ID,
) {
  return {
    name: `k3d-${cluster}-${name}`,
    role,
    image,
    volumes: role === 'loadbalancer' ? null : [`k3d-${cluster}-images:/k3d/images`],
    env: ['K3S_TOKEN=SECRETTOKENvalue', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/bin/aux'],
    Cmd: role === 'loadbalancer' ? [] : [role, '--disable=traefik'],
    extraArgs: [],
    portMappings: ports,
    restart: true,
    created: '2026-06-12T09:41:07.118355272Z',
    runtimeLabels: labels(
      cluster,
      role,
      role === 'server' ? { 'k3d.server.api.host': '0.0.0.0', 'k3d.server.api.hostIP': '0.0.0.0', 'k3d.server.api.port': '45757' } : {},
    ),
    Networks: [`k3d-${cluster}`],
    ExtraHosts: null,
    serverOpts: {
      kubeAPI: { Port: '', Binding: { HostIp: role === 'server' ? '0.0.0.0' : '', HostPort: role === 'server' ? '45757' : '' } },
    },
    agentOpts: {},
    GPURequest: '',
    Memory: '',
    State: { Running: running, Status: running ? 'running' : 'exited', Started: '' },
    IP: { IP: running ? ip : '', Static: false },
    K3dEntrypoint: false,
  };
}

function cluster(name: string, running: boolean, lbPorts: Record<string, unknown>, agents = 1) {
  const nodes = [
    node(name, 'server-0', 'server', running, '172.18.0.3'),
    ...Array.from({ length: agents }, (_, i) => node(name, `agent-${i}`, 'agent', running, `172.18.0.${4 + i}`)),
    node(name, 'serverlb', 'loadbalancer', running, '172.18.0.5', lbPorts, LB_IMAGE_ID),
  ];
  return {
    name,
    network: { name: `k3d-${name}`, id: '1b8a6f0e2c4d', ipam: { ipPrefix: '172.18.0.0/16', ipsUsed: null, Managed: false }, Members: null },
    nodes,
    InitNode: null,
    imageVolume: `k3d-${name}-images`,
    serversRunning: running ? 1 : 0,
    serversCount: 1,
    agentsRunning: running ? agents : 0,
    agentsCount: agents,
    hasLoadbalancer: true,
  };
}

/** One server, one agent, a load balancer publishing 80, 443 and the API (6443, as k3d records it, and docker's 6443/tcp). */
const RUNNING = cluster('dev', true, {
  '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '443' }],
  '6443': [{ HostIp: '0.0.0.0', HostPort: '45757' }],
  '6443/tcp': [{ HostIp: '0.0.0.0', HostPort: '45757' }],
  '80/tcp': [
    { HostIp: '0.0.0.0', HostPort: '80' },
    { HostIp: '::', HostPort: '80' },
  ],
});
const STOPPED = cluster(
  'old',
  false,
  {
    '8443/tcp': [{ HostIp: '0.0.0.0', HostPort: '9443' }],
    '53/udp': [{ HostIp: '', HostPort: '5353' }],
    '6443/tcp': [{ HostIp: '0.0.0.0', HostPort: '39001' }],
  },
  0,
);
// `json.Marshal` on one line, as clusterList.go prints it.
const LIST_JSON = `${JSON.stringify([RUNNING, STOPPED])}\n`;

describe('finding k3d', () => {
  it('with no k3d anywhere, says how to install it', async () => {
    const error = await failure(adapterWith(new FakeRunner(), { PATH: join(work, 'empty') }).ensureInstalled());

    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('k3d is not installed: mesh creates its clusters with it');
    expect(error.hint).toBe('install k3d 5.5.0 or newer (https://k3d.io/#installation), or set MESH_K3D');
  });

  it('with a fake k3d on PATH, uses it', async () => {
    expect(await adapterWith(new FakeRunner()).ensureInstalled()).toBe(fakeK3d);
  });

  it('with MESH_K3D set, prefers it to PATH', async () => {
    const other = executable(join(work, 'other', 'k3d'));
    expect(await adapterWith(new FakeRunner(), { PATH: join(work, 'bin'), MESH_K3D: other }).ensureInstalled()).toBe(other);
  });
});

describe('k3d version', () => {
  it('with a fake k3d that is v5.8.3, reads it from the first line', async () => {
    const runner = new FakeRunner().on('k3d version', { stdout: 'k3d version v5.8.3\nk3s version v1.31.5-k3s1 (default)\n' });

    expect(await adapterWith(runner).version()).toBe('v5.8.3');
    expect(runner.calls).toEqual([{ tool: 'k3d', bin: fakeK3d, args: ['version'], mutates: false }]);
  });

  for (const old of ['v4.4.8', 'v5.0.0', 'v5.4.4', 'v5.4.9']) {
    it(`with a fake k3d that is ${old}, refuses it as too old for a v1alpha5 config on stdin`, async () => {
      const runner = new FakeRunner().on('k3d version', { stdout: `k3d version ${old}\nk3s version v1.21.2-k3s1 (default)\n` });
      const error = await failure(adapterWith(runner).version());

      expect(error.message).toBe(
        `k3d ${old} at ${fakeK3d} is too old: mesh needs k3d 5.5.0 or newer, which reads k3d.io/v1alpha5 configs from stdin`,
      );
      expect(error.hint).toContain('https://k3d.io/#installation');
    });
  }

  it('takes k3d 5.5.0 and a later 5.10.1', async () => {
    for (const fine of ['v5.5.0', 'v5.10.1']) {
      expect(await adapterWith(new FakeRunner().on('k3d version', { stdout: `k3d version ${fine}\n` })).version()).toBe(fine);
    }
  });

  it('with a fake k3d that prints no version, says so', async () => {
    const error = await failure(adapterWith(new FakeRunner().on('k3d version', { stdout: 'oops\n' })).version());

    expect(error.message).toBe(`could not read the version of k3d at ${fakeK3d} (it printed "oops")`);
  });
});

describe('k3d cluster list', () => {
  it('with a fake k3d that has a running 1-server/1-agent cluster and a stopped one, maps both', async () => {
    const runner = new FakeRunner().on('k3d cluster list -o json', { stdout: LIST_JSON });

    expect(await adapterWith(runner).list()).toEqual([
      {
        name: 'dev',
        serversCount: 1,
        serversRunning: 1,
        agentsCount: 1,
        agentsRunning: 1,
        hasLoadbalancer: true,
        image: K3S_IMAGE_ID,
        serverNode: 'k3d-dev-server-0',
        network: 'k3d-dev',
        ports: ['80:80', '443:443'],
      },
      {
        name: 'old',
        serversCount: 1,
        serversRunning: 0,
        agentsCount: 0,
        agentsRunning: 0,
        hasLoadbalancer: true,
        image: K3S_IMAGE_ID,
        serverNode: 'k3d-old-server-0',
        network: 'k3d-old',
        ports: ['5353:53/udp', '9443:8443'],
      },
    ]);
    expect(runner.calls).toEqual([{ tool: 'k3d', bin: fakeK3d, args: ['cluster', 'list', '-o', 'json'], mutates: false }]);
  });

  it('with a fake k3d that has no clusters, returns none', async () => {
    expect(await adapterWith(new FakeRunner().on('k3d cluster list', { stdout: '[]\n' })).list()).toEqual([]);
  });

  it('with a fake k3d whose cluster has no load balancer, reports no ports', async () => {
    const bare = { ...RUNNING, nodes: RUNNING.nodes.filter((n) => n.role !== 'loadbalancer') } as Record<string, unknown>;
    delete bare.hasLoadbalancer; // omitempty drops false
    const [found] = await adapterWith(new FakeRunner().on('k3d cluster list', { stdout: JSON.stringify([bare]) })).list();

    expect(found).toMatchObject({ name: 'dev', hasLoadbalancer: false, ports: [] });
  });

  it('with a fake k3d that logs debug lines to stdout, still finds the JSON', async () => {
    const stdout = `\u001b[37mDEBU\u001b[0m[0000] Runtime Info:\n&{Name:docker Endpoint:/var/run/docker.sock}\n${LIST_JSON}`;
    const clusters = await adapterWith(new FakeRunner().on('k3d cluster list', { stdout })).list();

    expect(clusters.map((c) => c.name)).toEqual(['dev', 'old']);
  });

  it('with a fake k3d that prints something else, names the command and does not echo the output', async () => {
    const error = await failure(
      adapterWith(new FakeRunner().on('k3d cluster list', { stdout: 'NAME SERVERS\nSECRETTOKENvalue\n' })).list(),
    );

    expect(error.message).toBe(`could not read the output of \`${fakeK3d} cluster list -o json\`: it is not JSON`);
    expect(error.message).not.toContain('SECRETTOKEN');
    expect(error.hint).toContain('k3d 5.5.0 or newer');
  });

  it('with a fake k3d whose docker daemon is down, says to start docker', async () => {
    const stderr =
      "\u001b[31mFATA\u001b[0m[0000] runtime failed to list nodes: docker failed to get containers with labels 'map[app:k3d]': failed to list containers: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running? \n";
    const error = await failure(adapterWith(new FakeRunner().on('k3d cluster list', { exitCode: 1, stderr })).list());

    expect(error.message).toBe(
      'the docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(error.hint).toBe('start Docker (Docker Desktop, `sudo systemctl start docker`, or colima start) and check `docker info`');
  });
});

describe('k3d cluster create', () => {
  const CONFIG = 'apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: dev\nservers: 1\nagents: 1\n';
  const withVersion = () => new FakeRunner().on('k3d version', { stdout: 'k3d version v5.8.3\n' });

  it('with rootless docker refusing a host port below 1024, says which and how to fix it', async () => {
    const stderr =
      "ERRO[0001] Failed Cluster Start: Failed to add one or more helper nodes: runtime failed to start node 'k3d-dev-serverlb': docker failed to start container for node 'k3d-dev-serverlb': Error response from daemon: driver failed programming external connectivity on endpoint k3d-dev-serverlb (abc): error while calling RootlessKit PortManager.AddPort(): cannot expose privileged port 80, you can add 'net.ipv4.ip_unprivileged_port_start=80' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024): listen tcp4 0.0.0.0:80: bind: permission denied \nFATA[0001] Cluster creation FAILED, all changes have been rolled back! \n";
    const error = await failure(adapterWith(withVersion().on('k3d cluster create', { exitCode: 1, stderr })).create(CONFIG));
    expect(error.message).toBe('rootless docker or podman cannot publish host port 80: ports below 1024 need privileges it has not got');
    expect(error.hint).toContain('net.ipv4.ip_unprivileged_port_start');
  });

  it('with a k3d that turned out too old for the config on stdin, says to upgrade', async () => {
    for (const stderr of [
      'FATA[0000] Failed to stat config file -: stat -: no such file or directory \n',
      "FATA[0000] Cannot validate config file -: unsupported apiVersion 'k3d.io/v1alpha5' \n",
    ]) {
      const error = await failure(adapterWith(withVersion().on('k3d cluster create', { exitCode: 1, stderr })).create(CONFIG));
      expect(error.message.split('\n')[0]).toBe(
        'this k3d cannot read the k3d.io/v1alpha5 config mesh gives it on stdin: it is older than 5.5.0',
      );
      expect(error.hint).toMatch(/^upgrade k3d to 5\.5\.0 or newer/);
    }
  });

  it('with a fake k3d, checks the version, then passes the config on stdin', async () => {
    const runner = withVersion().on('k3d cluster create', {
      stdout: "INFO[0000] Using config file - (k3d.io/v1alpha5#simple)\nINFO[0021] Cluster 'dev' created successfully!\n",
    });

    await adapterWith(runner).create(CONFIG);

    expect(runner.lines()).toEqual(['k3d version', 'k3d cluster create --config -']);
    expect(runner.calls[1]).toEqual({
      tool: 'k3d',
      bin: fakeK3d,
      args: ['cluster', 'create', '--config', '-'],
      input: CONFIG,
      mutates: true,
    });
  });

  it('with a fake k3d that has the cluster already, says to delete or recreate it', async () => {
    const stderr = "\u001b[31mFATA\u001b[0m[0000] Failed to create cluster 'dev' because a cluster with that name already exists \n";
    const error = await failure(adapterWith(withVersion().on('k3d cluster create', { exitCode: 1, stderr })).create(CONFIG));

    expect(error.message.split('\n')[0]).toBe('k3d cluster "dev" already exists');
    expect(error.message).toContain("k3d: FATA[0000] Failed to create cluster 'dev' because a cluster with that name already exists");
    expect(error.message).not.toContain('\u001b');
    expect(error.hint).toBe('delete it with `mesh down`, or run `mesh up --recreate` to replace it');
    expect(error.cause).toBeInstanceOf(ToolError);
  });

  it('with a fake k3d whose load balancer port is taken, names the port', async () => {
    const stderr = [
      "\u001b[31mERRO\u001b[0m[0004] Failed Cluster Start: Failed to add one or more helper nodes: runtime failed to start node 'k3d-dev-serverlb': docker failed to start container for node 'k3d-dev-serverlb': Error response from daemon: driver failed programming external connectivity on endpoint k3d-dev-serverlb (4d6c0a9e1f2b): Bind for 0.0.0.0:80 failed: port is already allocated ",
      '\u001b[31mERRO\u001b[0m[0004] Failed to create cluster >>> Rolling Back        ',
      '\u001b[31mFATA\u001b[0m[0005] Cluster creation FAILED, all changes have been rolled back! ',
      '',
    ].join('\n');
    const error = await failure(adapterWith(withVersion().on('k3d cluster create', { exitCode: 1, stderr })).create(CONFIG));

    expect(error.message.split('\n')[0]).toBe('k3d could not create cluster "dev": host port 80 is already in use');
    expect(error.hint).toContain('change the ports in the cluster config');
    expect(error.hint).toContain('free the port');
  });

  it('with a fake k3d on a host where the port is bound outside docker, says the same', async () => {
    const stderr =
      '\u001b[31mERRO\u001b[0m[0004] Failed Cluster Start: ... Error starting userland proxy: listen tcp4 0.0.0.0:443: bind: address already in use \n';
    const error = await failure(adapterWith(withVersion().on('k3d cluster create', { exitCode: 1, stderr })).create(CONFIG));

    expect(error.message.split('\n')[0]).toBe('k3d could not create cluster "dev": host port 443 is already in use');
  });

  it('with a fake k3d that is v4, refuses before creating anything', async () => {
    const runner = new FakeRunner().on('k3d version', { stdout: 'k3d version v4.4.8\n' });
    await failure(adapterWith(runner).create(CONFIG));

    expect(runner.lines()).toEqual(['k3d version']);
  });

  it('with a fake k3d that fails some other way, keeps the ToolError', async () => {
    const stderr = "\u001b[31mFATA\u001b[0m[0000] Schema Validation failed for config file -: - at '/servers': got string, want integer\n";
    const error = await failure(adapterWith(withVersion().on('k3d cluster create', { exitCode: 1, stderr })).create(CONFIG));

    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toContain(`\`${fakeK3d} cluster create --config - <<stdin\` exited with code 1`);
  });
});

describe('k3d cluster start and delete', () => {
  it('with a fake k3d, starts and deletes by name', async () => {
    const runner = new FakeRunner().on('k3d cluster', { stdout: '' });
    const k3d = adapterWith(runner);

    await k3d.start('dev');
    await k3d.delete('dev');

    expect(runner.calls).toEqual([
      { tool: 'k3d', bin: fakeK3d, args: ['cluster', 'start', 'dev'], mutates: true },
      { tool: 'k3d', bin: fakeK3d, args: ['cluster', 'delete', 'dev'], mutates: true },
    ]);
  });

  it('with a fake k3d that does not have the cluster, deletes nothing and succeeds as k3d does', async () => {
    const runner = new FakeRunner().on('k3d cluster delete', { stdout: 'INFO[0000] No clusters found\n' });

    await expect(adapterWith(runner).delete('gone')).resolves.toBeUndefined();
  });

  it('with a fake k3d that does not have the cluster to start, says so', async () => {
    const stderr =
      "ERRO[0000] Failed to get nodes for cluster 'gone': No nodes found for given cluster\nFATA[0000] No nodes found for given cluster\n";
    const error = await failure(adapterWith(new FakeRunner().on('k3d cluster start', { exitCode: 1, stderr })).start('gone'));

    expect(error.message.split('\n')[0]).toBe('k3d has no cluster "gone"');
  });

  it('with DOCKER_HOST in the adapter env, passes it to k3d', async () => {
    const runner = new FakeRunner().on('k3d cluster start', {});
    await adapterWith(runner, { PATH: join(work, 'bin'), DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).start('dev');

    expect(runner.calls[0]?.env).toEqual({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' });
  });
});

function adapterWith(runner: FakeRunner, env: Record<string, string> = { PATH: join(work, 'bin') }) {
  return k3dAdapter({ runner, env });
}
