import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { ClusterModel } from '../../config/model.js';
import type { HelmAdapter } from '../helm.js';
import type { Tools } from '../lifecycle/deps.js';
import type { Env } from '../tools.js';
import { probePort } from './ports.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** A failing blocking check stops `mesh up` before it touches anything. */
  blocking: boolean;
  detail: string;
  /** How to fix it, when it fails. */
  fix?: string;
}

const MIN_DOCKER_MEMORY = 4 * 1024 ** 3;
const MIN_INOTIFY_INSTANCES = 512;

/** What a first `mesh up` commonly trips on, each with how to fix it. */
export async function doctor(args: { clusters: readonly ClusterModel[]; tools: Tools; helm: HelmAdapter; env: Env; signal: AbortSignal }): Promise<DoctorCheck[]> {
  const { tools, signal } = args;
  const checks: DoctorCheck[] = [];
  const tool = async (name: string, probe: () => Promise<string>) => {
    try {
      checks.push({ name, ok: true, blocking: true, detail: await probe() });
      return true;
    } catch (error) {
      checks.push({ name, ok: false, blocking: true, detail: messageOf(error), ...hintOf(error) });
      return false;
    }
  };
  let running: string[] = [];
  if (await tool('docker daemon reachable', async () => info(await tools.docker.info(signal)))) {
    const memory = (await tools.docker.info(signal)).memTotal;
    checks.push({
      name: 'docker memory',
      ok: memory === 0 || memory >= MIN_DOCKER_MEMORY,
      blocking: false,
      detail: `${(memory / 1024 ** 3).toFixed(1)} GiB available to containers`,
      fix: 'give Docker at least 4 GiB (Docker Desktop: Settings > Resources); Istio and k3s need it',
    });
  }
  if (await tool('k3d installed', () => tools.k3d.version(signal))) running = (await tools.k3d.list(signal).catch(() => [])).map((c) => c.name);
  await tool('kubectl installed', () => tools.kubectl.version(signal));
  await tool('helm available', async () => `${await args.helm.version()} at ${await args.helm.ensureInstalled()}`);
  for (const cluster of args.clusters) {
    // A running cluster of the config holds its own ports; that is not a clash.
    if (running.includes(cluster.name)) continue;
    for (const port of cluster.hostPorts) {
      const state = await probePort(port);
      checks.push({
        name: `host port ${port} free (${cluster.name})`,
        ok: state !== 'taken',
        blocking: true,
        detail: state === 'taken' ? `port ${port} is in use` : state === 'free' ? 'free' : 'could not bind without privileges; nothing answers on it',
        fix: `stop what listens on ${port} (\`sudo lsof -i :${port}\`), or map other host ports in the cluster's \`ports\``,
      });
    }
  }
  checks.push(kubeconfigCheck(args.env));
  const inotify = readNumber('/proc/sys/fs/inotify/max_user_instances');
  if (inotify !== undefined) {
    checks.push({
      name: 'inotify instances',
      ok: inotify >= MIN_INOTIFY_INSTANCES,
      blocking: false,
      detail: `fs.inotify.max_user_instances = ${inotify}`,
      fix: `sudo sysctl fs.inotify.max_user_instances=${MIN_INOTIFY_INSTANCES} (pods fail with "too many open files" below it)`,
    });
  }
  return checks.map((c) => (c.ok ? { name: c.name, ok: true, blocking: c.blocking, detail: c.detail } : c));
}

function kubeconfigCheck(env: Env): DoctorCheck {
  const file = (env.KUBECONFIG ?? '').split(delimiter).find(Boolean) ?? join(env.HOME || homedir(), '.kube', 'config');
  const target = existsSync(file) ? file : dirname(file);
  let ok = true;
  try {
    if (existsSync(target)) accessSync(target, constants.W_OK);
    else accessSync(dirname(target), constants.W_OK);
  } catch {
    ok = false;
  }
  return { name: 'kubeconfig writable', ok, blocking: true, detail: file, fix: `make ${file} writable, or point KUBECONFIG at a file you can write` };
}

function info(docker: { serverVersion: string; cpus: number }): string {
  return `docker ${docker.serverVersion}, ${docker.cpus} CPUs`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

function hintOf(error: unknown): { fix?: string } {
  const hint = (error as { hint?: unknown })?.hint;
  return typeof hint === 'string' ? { fix: hint } : {};
}

function readNumber(path: string): number | undefined {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
