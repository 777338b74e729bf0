import { accessSync, constants, existsSync } from 'node:fs';
import { kubeconfigPath } from '../paths.js';
import { delimiter, dirname } from 'node:path';
import type { ClusterModel } from '../model/model.js';
import type { RegistryModel } from '../model/registry.js';
import type { HelmAdapter } from '../tools/helm/adapter.js';
import type { Tools } from '../lifecycle/deps.js';
import type { Env } from '../process/find-binary.js';
import type { DoctorCheck } from './check.js';
import { portCheck } from './ports.js';
import { builtinKindsCheck, plainHttpCheck, rootlessPortChecks } from './setup-checks.js';
import { readNumber } from './read-number.js';
import { ToolError } from '../errors.js';

export { plainHttpCharts } from './setup-checks.js';

const MIN_DOCKER_MEMORY = 4 * 1024 ** 3;
const MIN_INOTIFY_INSTANCES = 512;

/** What a first `mesh up` commonly trips on, each with how to fix it. */
export async function doctor(args: {
  clusters: readonly ClusterModel[];
  /** Charts pulled from a registry without TLS (`plainHttp`), which need Helm 3.13. */
  plainHttpCharts?: readonly string[];
  tools: Tools;
  helm: HelmAdapter;
  env: Env;
  signal: AbortSignal;
  /** The config's folder, where kubernetes-models is looked for. */
  projectDir?: string;
  /** The registry the k3d clusters pull through, whose host port must be free unless it already runs. */
  registry?: RegistryModel | undefined;
}): Promise<DoctorCheck[]> {
  const { tools, signal } = args;
  // Existing clusters need neither docker nor k3d: only a config that makes a k3d cluster asks for them.
  const makes = args.clusters.length === 0 || args.clusters.some((c) => c.kind === 'k3d');
  const ifMakes = <T>(asked: () => Promise<T>): Promise<T | undefined> => (makes ? asked() : Promise.resolve(undefined));
  // The tools answer independently, so they are asked at once.
  const [docker, k3d, kubectl, helm] = await Promise.all([
    ifMakes(() =>
      probe('docker daemon reachable', async () => {
        const info = await tools.docker.info(signal);
        const mode = info.rootless ? ', rootless' : '';
        return { detail: `docker ${info.serverVersion}${mode}, ${info.cpus} CPUs`, memory: info.memTotal, rootless: info.rootless };
      }),
    ),
    ifMakes(() =>
      probe('k3d installed', async () => {
        const version = await tools.k3d.version(signal);
        const running = (await tools.k3d.list(signal).catch(() => [])).map((c) => c.name);
        const registries = args.registry ? await tools.k3d.registries(signal).catch(() => [] as string[]) : [];
        return { detail: version, running, registries };
      }),
    ),
    probe('kubectl installed', async () => ({ detail: await tools.kubectl.version(signal) })),
    probe('helm available', async () => ({ detail: `${await args.helm.version()} at ${await args.helm.ensureInstalled()}` })),
  ]);
  const checks: DoctorCheck[] = docker ? [docker.check] : [];
  if (docker?.value?.memory) {
    const memory = docker.value.memory;
    checks.push({
      name: 'docker memory',
      ok: memory >= MIN_DOCKER_MEMORY,
      blocking: false,
      detail: `${(memory / 1024 ** 3).toFixed(1)} GiB available to containers`,
      fix: 'give Docker at least 4 GiB (Docker Desktop: Settings > Resources); Istio and k3s need it',
    });
  }
  if (docker?.value?.rootless) checks.push(...rootlessPortChecks(args.clusters));
  checks.push(...(k3d ? [k3d.check] : []), kubectl.check, helm.check);
  const helmVersion = helm.check.ok ? /^v?\d+\.\d+\.\d+\S*/.exec(helm.check.detail)?.[0] : undefined;
  if (helmVersion && (args.plainHttpCharts ?? []).length > 0) checks.push(plainHttpCheck(helmVersion, args.plainHttpCharts!));
  const skew = kubectl.value ? skewCheck(kubectl.value.detail, args.clusters) : undefined;
  if (skew) checks.push(skew);
  const running = k3d?.value?.running ?? [];
  for (const cluster of args.clusters) {
    // A running cluster of the config holds its own ports; that is not a clash.
    if (running.includes(cluster.name)) continue;
    for (const port of cluster.hostPorts) checks.push(await portCheck(cluster.name, port));
  }
  // The registry is made only for k3d clusters (asked about with k3d), and one already there holds its own port.
  const { registry } = args;
  const registries = k3d?.value?.registries;
  if (registry && registries && !registries.includes(registry.host)) {
    checks.push(await portCheck(`registry ${registry.name}`, registry.hostPort, 'set another `registry.hostPort` in the config'));
  }
  // An existing cluster is mesh's to use, not to make: it has to answer through the context the config names.
  const existing = args.clusters.flatMap((c) => (c.kind === 'existing' ? [c] : []));
  const answers = await Promise.all(
    existing.map((c) =>
      probe(`${c.name}: API server answers (context ${c.context})`, async () => ({
        detail: `Kubernetes ${await tools.kubectl.serverVersion({ context: c.context }, signal)}`,
      })),
    ),
  );
  checks.push(...answers.map((a) => a.check));
  checks.push(kubeconfigCheck(args.env));
  if (args.projectDir !== undefined) checks.push(builtinKindsCheck(args.projectDir));
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

async function probe<T extends { detail: string }>(name: string, run: () => Promise<T>): Promise<{ check: DoctorCheck; value?: T }> {
  try {
    const value = await run();
    return { check: { name, ok: true, blocking: true, detail: value.detail }, value };
  } catch (error) {
    return { check: { name, ok: false, blocking: true, detail: messageOf(error), ...hintOf(error) } };
  }
}

/**
 * kubectl supports API servers one minor version either side of its own; the
 * clusters run the Kubernetes of their k3s image.
 */
function skewCheck(kubectlVersion: string, clusters: readonly ClusterModel[]): DoctorCheck | undefined {
  const minor = (version: string | undefined) => Number(/v?1\.(\d+)\./.exec(version ?? '')?.[1] ?? NaN);
  const client = minor(kubectlVersion);
  const servers = clusters
    .flatMap((c) => (c.kind === 'k3d' ? [{ name: c.name, minor: minor(c.config.image?.split(':')[1]) }] : []))
    .filter((s) => Number.isFinite(s.minor));
  if (!Number.isFinite(client) || servers.length === 0) return undefined;
  const far = servers.filter((s) => Math.abs(s.minor - client) > 1);
  return {
    name: 'kubectl version skew',
    ok: far.length === 0,
    blocking: false,
    detail: far.length
      ? `kubectl 1.${client} is more than one minor version from Kubernetes ${far.map((s) => `1.${s.minor} (${s.name})`).join(', ')}`
      : `kubectl 1.${client} within one minor version of the clusters`,
    fix: `install a kubectl within one minor version of the clusters' Kubernetes (https://kubernetes.io/docs/tasks/tools/)`,
  };
}

function kubeconfigCheck(env: Env): DoctorCheck {
  const files = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (files.length > 1) {
    // k3d then leaves the kubeconfig alone, and mesh could not reach the cluster by its context.
    return {
      name: 'kubeconfig writable',
      ok: false,
      blocking: true,
      detail: `KUBECONFIG lists ${files.length} files, and k3d only updates a single one`,
      fix: `run mesh with KUBECONFIG set to one file, e.g. KUBECONFIG=${files[0]}`,
    };
  }
  const file = kubeconfigPath(env);
  const target = existsSync(file) ? file : dirname(file);
  let ok = true;
  try {
    if (existsSync(target)) accessSync(target, constants.W_OK);
    else accessSync(dirname(target), constants.W_OK);
  } catch {
    ok = false;
  }
  return {
    name: 'kubeconfig writable',
    ok,
    blocking: true,
    detail: file,
    fix: `make ${file} writable, or point KUBECONFIG at a file you can write`,
  };
}

// One line per check: a failed tool's command and the first thing it said.
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = error.message.split('\n')[0]!;
  const said = error instanceof ToolError ? error.stderr.split('\n').find((line) => line.trim() !== '') : undefined;
  return said ? `${first}: ${said.trim()}` : first;
}

function hintOf(error: unknown): { fix?: string } {
  const hint = (error as { hint?: unknown })?.hint;
  return typeof hint === 'string' ? { fix: hint } : {};
}
