import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { installFakes, type InstalledFakes } from '../fakes/install.js';

const config = (name: string, extra: Record<string, unknown> = {}) =>
  YAML.stringify({
    apiVersion: 'k3d.io/v1alpha5',
    kind: 'Simple',
    metadata: { name },
    servers: 1,
    agents: 0,
    image: 'rancher/k3s:v1.35.2-k3s1',
    ports: [
      { port: '80:80', nodeFilters: ['loadbalancer'] },
      { port: '443:443', nodeFilters: ['loadbalancer'] },
    ],
    options: {
      k3s: { extraArgs: [{ arg: '--disable=traefik', nodeFilters: ['server:*'] }] },
      kubeconfig: { updateDefaultKubeconfig: true, switchCurrentContext: false },
    },
    ...extra,
  });

interface ListedNode {
  name: string;
  role: string;
  image: string;
  portMappings?: Record<string, Array<{ HostIp: string; HostPort: string }>>;
  State: { Running: boolean; Status: string; Started: string };
}
interface Listed {
  name: string;
  network: { name: string; id: string };
  nodes: ListedNode[];
  serversRunning: number;
  serversCount: number;
  agentsRunning: number;
  agentsCount: number;
  hasLoadbalancer?: boolean;
}

const strip = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

let fakes: InstalledFakes;
beforeEach(() => {
  fakes = installFakes();
});
afterEach(() => fakes.cleanup());

async function list(): Promise<Listed[]> {
  const result = await fakes.run('k3d', ['cluster', 'list', '-o', 'json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Listed[];
}

function kubeconfig(): {
  'current-context': string;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  clusters: Array<{ name: string; cluster: { server: string } }>;
  users: Array<{ name: string }>;
} {
  return YAML.parse(readFileSync(fakes.kubeconfig, 'utf8'));
}

describe('fake k3d', () => {
  it('prints its version like k3d v5.8.3', async () => {
    const result = await fakes.run('k3d', ['version']);
    expect(result).toEqual({ code: 0, stdout: 'k3d version v5.8.3\nk3s version v1.35.2-k3s1 (default)\n', stderr: '' });
  });

  it('behaves as an older k3d when told to: no `--config -` before 5.4.5, no v1alpha5 before 5.5.0', async () => {
    fakes.setFaults({ versions: { k3d: 'v5.4.4' } });
    expect((await fakes.run('k3d', ['version'])).stdout).toBe('k3d version v5.4.4\nk3s version v1.35.2-k3s1 (default)\n');
    const stdin = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect([stdin.code, strip(stdin.stderr)]).toEqual([1, 'FATA[0000] Failed to stat config file -: stat -: no such file or directory \n']);
    fakes.setFaults({ versions: { k3d: 'v5.4.9' } });
    const alpha5 = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect([alpha5.code, strip(alpha5.stderr)]).toEqual([
      1,
      "FATA[0000] Cannot validate config file -: unsupported apiVersion 'k3d.io/v1alpha5' \n",
    ]);
    expect(await list()).toEqual([]);
  });

  it('under rootless docker, fails a host port below 1024 as rootlesskit does, and rolls back', async () => {
    fakes.setFaults({ docker: { rootless: true } });
    const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect(created.code).toBe(1);
    expect(strip(created.stderr)).toContain('error while calling RootlessKit PortManager.AddPort(): cannot expose privileged port 80');
    expect(await list()).toEqual([]);
  });

  it('create, list, create again, delete, delete again', async () => {
    const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect(created.code).toBe(0);
    // k3d logs INFO to stdout, coloured by default (logrus ForceColors).
    expect(created.stdout).toContain('\x1b[36mINFO\x1b[0m[0000] Using config file - (k3d.io/v1alpha5#simple)');
    expect(strip(created.stdout)).toContain("INFO[0000] Cluster 'east' created successfully!");
    expect(created.stdout).toContain('kubectl config use-context k3d-east\nkubectl cluster-info\n');
    expect(created.stderr).toBe('');

    const [east, ...others] = await list();
    expect(others).toEqual([]);
    expect(east).toMatchObject({
      name: 'east',
      serversRunning: 1,
      serversCount: 1,
      agentsRunning: 0,
      agentsCount: 0,
      hasLoadbalancer: true,
    });
    expect(east!.network).toEqual({ name: 'k3d-east', id: '', ipam: { ipPrefix: '', Managed: false }, Members: null });
    expect(east!.nodes.map((n) => [n.name, n.role])).toEqual([
      ['k3d-east-server-0', 'server'],
      ['k3d-east-serverlb', 'loadbalancer'],
    ]);
    const lb = east!.nodes.find((n) => n.role === 'loadbalancer')!;
    expect(Object.keys(lb.portMappings!)).toEqual(['443/tcp', '6443/tcp', '80/tcp']);
    expect(lb.portMappings!['80/tcp']).toEqual([{ HostIp: '', HostPort: '80' }]);
    expect(lb.portMappings!['6443/tcp']![0]!.HostIp).toBe('0.0.0.0');
    expect(Number(lb.portMappings!['6443/tcp']![0]!.HostPort)).toBeGreaterThan(1024);
    expect(east!.nodes[0]!.State).toEqual({ Running: true, Status: 'running', Started: '' });
    // docker reports the image ID, not the reference, and k3d passes that on.
    expect(east!.nodes[0]!.image).toMatch(/^sha256:[0-9a-f]{64}$/);

    const again = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect(again.code).toBe(1);
    expect(strip(again.stderr)).toMatch(
      /^FATA\[0000\] Failed to create cluster 'east' because a cluster with that name already exists\s*$/m,
    );
    expect(await list()).toHaveLength(1);

    const deleted = await fakes.run('k3d', ['cluster', 'delete', 'east']);
    expect(deleted.code).toBe(0);
    expect(strip(deleted.stdout)).toContain("INFO[0000] Deleting cluster 'east'");
    expect(strip(deleted.stdout)).toContain('INFO[0000] Successfully deleted cluster east!');
    expect(await list()).toEqual([]);

    const twice = await fakes.run('k3d', ['cluster', 'delete', 'east']);
    expect(twice.code).toBe(0);
    expect(strip(twice.stdout)).toContain("INFO[0000] No nodes found for cluster 'east', nothing to delete.");
    expect(strip(twice.stdout)).toContain('INFO[0000] No clusters found');
  });

  it('adds k3d-<name> to the kubeconfig without switching the current context, and removes it on delete', async () => {
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') })).code).toBe(0);
    const after = kubeconfig();
    expect(after['current-context']).toBe('user-prod');
    expect(after.contexts.map((c) => c.name).sort()).toEqual(['k3d-east', 'user-prod']);
    expect(after.contexts.find((c) => c.name === 'k3d-east')!.context).toEqual({ cluster: 'k3d-east', user: 'admin@k3d-east' });
    expect(after.users.map((u) => u.name).sort()).toEqual(['admin@k3d-east', 'user-prod']);
    const lb = (await list())[0]!.nodes.find((n) => n.role === 'loadbalancer')!;
    expect(after.clusters.find((c) => c.name === 'k3d-east')!.cluster.server).toBe(
      `https://0.0.0.0:${lb.portMappings!['6443/tcp']![0]!.HostPort}`,
    );

    expect((await fakes.run('k3d', ['cluster', 'delete', 'east'])).code).toBe(0);
    const removed = kubeconfig();
    expect(removed.contexts.map((c) => c.name)).toEqual(['user-prod']);
    expect(removed.users.map((u) => u.name)).toEqual(['user-prod']);
    expect(removed['current-context']).toBe('user-prod');
  });

  it("switches the current context when switchCurrentContext is left at k3d's default", async () => {
    const input = config('west', { options: { kubeconfig: { updateDefaultKubeconfig: true } } });
    const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input });
    expect(created.code).toBe(0);
    expect(created.stdout).not.toContain('kubectl config use-context');
    expect(kubeconfig()['current-context']).toBe('k3d-west');
  });

  it('creates the kubeconfig file when it is missing, and sets an empty current context', async () => {
    fakes.cleanup();
    fakes = installFakes({ kubeconfig: false });
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') })).code).toBe(0);
    expect(kubeconfig()['current-context']).toBe('k3d-east');
  });

  it('uses ~/.kube/config without KUBECONFIG, and refuses to pick one of several KUBECONFIG files', async () => {
    const env = { KUBECONFIG: '' };
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east'), env })).code).toBe(0);
    expect(readFileSync(join(fakes.home, '.kube', 'config'), 'utf8')).toContain('name: k3d-east');

    const several = { KUBECONFIG: `${fakes.kubeconfig}:${join(fakes.home, 'other')}` };
    const input = config('west', { ports: [{ port: '8080:80', nodeFilters: ['loadbalancer'] }] });
    const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input, env: several });
    expect(created.code).toBe(0);
    expect(strip(created.stderr)).toContain(
      'WARN[0000] failed to get default kubeconfig path: multiple kubeconfigs specified via KUBECONFIG env var',
    );
    expect(readFileSync(fakes.kubeconfig, 'utf8')).not.toContain('k3d-west');
  });

  it('fails to create a cluster whose host port is taken, and rolls back', async () => {
    fakes.setFaults({ ports: { taken: [443] } });
    const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect(created.code).toBe(1);
    const stderr = strip(created.stderr);
    expect(stderr).toContain(
      "ERRO[0000] Failed Cluster Start: Failed to add one or more helper nodes: runtime failed to start node 'k3d-east-serverlb': docker failed to start container for node 'k3d-east-serverlb': Error response from daemon: driver failed programming external connectivity on endpoint k3d-east-serverlb (",
    );
    expect(stderr).toContain('Bind for 0.0.0.0:443 failed: port is already allocated');
    expect(stderr).toContain('FATA[0000] Cluster creation FAILED, all changes have been rolled back!');
    expect(await list()).toEqual([]);
    expect(readFileSync(fakes.kubeconfig, 'utf8')).not.toContain('k3d-east');
  });

  it('fails a second cluster on the same host ports, as docker would', async () => {
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') })).code).toBe(0);
    const second = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('west') });
    expect(second.code).toBe(1);
    expect(strip(second.stderr)).toContain('Bind for 0.0.0.0:80 failed: port is already allocated');
    const third = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], {
      input: config('west', { ports: [{ port: '8080:80', nodeFilters: ['loadbalancer'] }] }),
    });
    expect(third.code).toBe(0);
    expect((await list()).map((c) => c.name)).toEqual(['east', 'west']);
  });

  it('behaves like k3d when the docker daemon is down', async () => {
    fakes.setFaults({ docker: { daemon: 'down' } });
    const docker = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    const listed = await fakes.run('k3d', ['cluster', 'list', '-o', 'json']);
    expect(listed.code).toBe(1);
    expect(strip(listed.stderr)).toContain(
      `FATA[0000] runtime failed to list nodes: docker failed to get containers with labels 'map[app:k3d]': failed to list containers: ${docker}`,
    );
    const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect(created.code).toBe(1);
    expect(created.stderr).toContain(docker);
    // ClusterGet swallows the runtime error, so delete finds "no nodes" and succeeds.
    const deleted = await fakes.run('k3d', ['cluster', 'delete', 'east']);
    expect(deleted.code).toBe(0);
    expect(strip(deleted.stdout)).toContain("No nodes found for cluster 'east', nothing to delete.");
  });

  it('stops and starts clusters', async () => {
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') })).code).toBe(0);
    expect((await fakes.run('k3d', ['cluster', 'stop', 'east'])).code).toBe(0);
    expect((await list())[0]).toMatchObject({ serversRunning: 0, serversCount: 1 });
    const refused = await fakes.run('kubectl', ['--context', 'k3d-east', 'get', 'ns', '-o', 'json']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The connection to the server 0\.0\.0\.0:\d+ was refused - did you specify the right host or port\?\n$/);
    const started = await fakes.run('k3d', ['cluster', 'start', 'east']);
    expect(started.code).toBe(0);
    expect(strip(started.stdout)).toContain("INFO[0000] Started cluster 'east'");
    expect((await list())[0]).toMatchObject({ serversRunning: 1 });
    const missing = await fakes.run('k3d', ['cluster', 'start', 'nope']);
    expect(missing.code).toBe(1);
    expect(strip(missing.stderr)).toContain('FATA[0000] No nodes found for given cluster');
  });

  it('expands environment variables in the config as k3d does (os.ExpandEnv)', async () => {
    const input = config('east').replace('image: rancher/k3s:v1.35.2-k3s1', 'image: rancher/k3s:${K3S_TAG}');
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input, env: { K3S_TAG: 'v1.34.1-k3s1' } })).code).toBe(0);
    const version = await fakes.run('kubectl', ['--context', 'k3d-east', 'version', '-o', 'json']);
    expect(JSON.parse(version.stdout).serverVersion.gitVersion).toBe('v1.34.1+k3s1');
  });

  it('rejects configs the v1alpha5 schema rejects', async () => {
    const result = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east', { bogus: true }) });
    expect(result.code).toBe(1);
    expect(strip(result.stderr)).toContain(
      'FATA[0000] Schema Validation failed for config file -: - (root): Additional property bogus is not allowed',
    );
  });

  it('answers a scripted fault a limited number of times, and logs every call with its stdin', async () => {
    fakes.setFaults({ k3d: { create: { exit: 1, stderr: 'boom\n', times: 1 } } });
    const first = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect(first).toEqual({ code: 1, stdout: '', stderr: 'boom\n' });
    const second = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') });
    expect(second.code).toBe(0);
    const calls = fakes.calls();
    expect(calls.map((c) => [c.tool, c.argv])).toEqual([
      ['k3d', ['cluster', 'create', '--config', '-']],
      ['k3d', ['cluster', 'create', '--config', '-']],
    ]);
    expect(calls[0]!.stdin).toBe(config('east'));
    expect(fakes.results().map((r) => r.code)).toEqual([1, 0]);
  });

  it('writes the kubeconfig through a rename, leaving no temporary files', async () => {
    writeFileSync(fakes.kubeconfig, readFileSync(fakes.kubeconfig, 'utf8'));
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config('east') })).code).toBe(0);
    const { readdirSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    expect(readdirSync(dirname(fakes.kubeconfig)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
