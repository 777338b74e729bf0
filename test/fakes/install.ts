import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFakes } from './build.js';

/** The folder with the fake `k3d`, `kubectl` and `docker` executables. */
export const fakesBin = join(dirname(fileURLToPath(import.meta.url)), 'bin');

export interface FakeCall {
  seq: number;
  tool: 'k3d' | 'kubectl' | 'docker';
  argv: string[];
  /** What the call read on stdin, when it read any (`-f -`, `--config -`). */
  stdin?: string;
}

export interface FakeResult {
  seq: number;
  tool: string;
  code: number;
}

/** faults.json; see test/fakes/README.md for every field. */
export interface Faults {
  /** The version each fake says it is, and behaves as (default: k3d v5.8.3). */
  versions?: { k3d?: string; docker?: string };
  /** k3d's kubeconfig write during `cluster create` is lost (a concurrent writer, an I/O error): a WARN, and exit 0. */
  kubeconfig?: { loseOnCreate?: boolean };
  /**
   * istiod's behaviour beyond its pods: it patches its webhooks' CA bundle once it runs (unless `caBundle: 'missing'`),
   * its injector answers (unless `injection: 'broken'`), and every proxy is in sync (except those whose pod name starts
   * with an entry of `stale`).
   */
  istio?: { caBundle?: 'missing'; injection?: 'broken'; stale?: string[] };
  /**
   * Addresses outside every cluster where something accepts TCP connections (`ADDRESS:PORT`), such as an external
   * database; `dns: 'down'`: CoreDNS answers no pod, so busybox's nslookup times out unless a sidecar with DNS
   * capture answers the name itself.
   */
  net?: { listening?: string[]; dns?: 'down' };
  delayMs?: number | Partial<Record<'k3d' | 'kubectl' | 'docker', number>>;
  /** Calls of `tool` whose joined argv contains `match` wait `ms` before answering. */
  slow?: Array<{ tool: 'k3d' | 'kubectl' | 'docker'; match: string; ms: number }>;
  docker?: {
    daemon?: 'up' | 'down' | 'denied';
    /** Rootless docker: `docker info` says so, and k3d cannot publish host ports below 1024. */
    rootless?: boolean;
    info?: { NCPU?: number; MemTotal?: number; ServerVersion?: string; OperatingSystem?: string; Name?: string };
  } & Record<string, unknown>;
  ports?: { taken?: Array<number | string> };
  k3d?: Record<string, ScriptedFault | ScriptedFault[]>;
  kubectl?: {
    rollout?: Record<string, 'never' | 'deadline' | 'unavailable' | 'ok'>;
    wait?: Record<string, 'never'>;
    /** A Job's outcome by `job/NAME` or `NAMESPACE/job/NAME`: it fails (backoff limit reached) or keeps running; default: it completes. */
    jobs?: Record<string, 'fail' | 'running'>;
  } & Record<string, unknown>;
  pods?: Record<string, FaultPod[]>;
  events?: FaultEvent[];
  contexts?: Record<
    string,
    { pods?: Record<string, FaultPod[]>; events?: FaultEvent[]; rollout?: Record<string, string>; wait?: Record<string, string> }
  >;
}

export interface ScriptedFault {
  exit: number;
  stdout?: string;
  stderr?: string;
  /** Only when the joined argv contains this. */
  match?: string;
  /** Not when the joined argv contains this. */
  unless?: string;
  /** Only this many times. */
  times?: number;
}

export interface FaultPod {
  name: string;
  ready?: boolean;
  phase?: string;
  reason?: string;
  message?: string;
  restarts?: number;
  image?: string;
  labels?: Record<string, string>;
  /** `deployment/istiod`; by default the workload whose `<name>-` prefixes the pod's name. */
  owner?: string;
  containers?: Array<{ name: string; ready?: boolean; reason?: string; message?: string; restarts?: number; image?: string }>;
}

export interface FaultEvent {
  namespace?: string;
  type?: 'Warning' | 'Normal';
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string; namespace?: string; apiVersion?: string; uid?: string };
  lastTimestamp?: string;
  firstTimestamp?: string;
}

export interface InstalledFakes {
  /** The fakes' bin folder (first on `env.PATH`). */
  bin: string;
  /** The state folder (`MESH_FAKE_STATE`). */
  state: string;
  /** The kubeconfig file (`KUBECONFIG`), created with an unrelated current context `user-prod`. */
  kubeconfig: string;
  /** A fresh HOME. */
  home: string;
  /** PATH (fakes first), MESH_FAKE_STATE, KUBECONFIG and HOME, to merge into a child's environment. */
  env: Record<string, string>;
  /** Every call so far, in order, with its stdin. */
  calls(): FakeCall[];
  /** Exit codes, by call sequence number. */
  results(): FakeResult[];
  /** Replaces faults.json (atomically; read by every later call), and forgets how often the old faults fired. */
  setFaults(faults: Faults): void;
  /** How often each scripted fault given `times` has fired, by `tool.sub.index`. */
  faultCounts(): Record<string, number>;
  /** What kubeconfig users may not do (`auth can-i` answers "no"): `{ user: ['create customresourcedefinitions.apiextensions.k8s.io'] }`. */
  denyAccess(rules: Record<string, string[]>): void;
  /** Runs one fake (`k3d`, `kubectl`, `docker`) with this env, stdin `input` if given. */
  run(tool: 'k3d' | 'kubectl' | 'docker', args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<FakeRun>;
  /** Removes the temporary folders. */
  cleanup(): void;
}

export interface FakeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const USER_KUBECONFIG = `apiVersion: v1
kind: Config
preferences: {}
clusters:
- name: user-prod
  cluster:
    server: https://prod.example.invalid:6443
users:
- name: user-prod
  user:
    token: not-a-real-token
contexts:
- name: user-prod
  context:
    cluster: user-prod
    user: user-prod
    namespace: payments
current-context: user-prod
`;

/**
 * Fresh state for the fake tools: a temporary state folder, HOME, and a
 * kubeconfig whose current context (`user-prod`) belongs to no fake cluster,
 * so a test can prove mesh never switches it.
 */
export function installFakes(options: { kubeconfig?: string | false; net?: Faults['net'] } = {}): InstalledFakes {
  buildFakes();
  const root = mkdtempSync(join(tmpdir(), 'mesh-fakes-'));
  const state = join(root, 'state');
  const home = join(root, 'home');
  mkdirSync(state, { recursive: true });
  mkdirSync(home, { recursive: true });
  const kubeconfig = join(root, 'kubeconfig.yaml');
  if (options.kubeconfig !== false) writeFileSync(kubeconfig, options.kubeconfig ?? USER_KUBECONFIG);
  // node must stay reachable for the fakes' `#!/usr/bin/env -S ... node`, whatever PATH a test passes on.
  const path = [fakesBin, dirname(process.execPath), process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(delimiter);
  const env = { PATH: path, MESH_FAKE_STATE: state, KUBECONFIG: kubeconfig, HOME: home };
  // The machine's network outside the clusters is part of the world, not a fault a test sets and clears.
  if (options.net) writeFaults(state, { net: options.net });
  return {
    bin: fakesBin,
    state,
    kubeconfig,
    home,
    env,
    calls() {
      return readLines(join(state, 'calls.log')).map((line) => {
        const entry = JSON.parse(line) as { seq: number; tool: FakeCall['tool']; argv: string[]; stdin?: string };
        const call: FakeCall = { seq: entry.seq, tool: entry.tool, argv: entry.argv };
        if (entry.stdin !== undefined) call.stdin = readFileSync(join(state, entry.stdin), 'utf8');
        return call;
      });
    },
    results() {
      return readLines(join(state, 'results.log')).map((line) => JSON.parse(line) as FakeResult);
    },
    setFaults(faults) {
      rmSync(join(state, 'fault-counts.json'), { force: true });
      writeFaults(state, { ...(options.net ? { net: options.net } : {}), ...faults });
    },
    denyAccess(rules) {
      writeFileSync(join(state, 'rbac.json'), JSON.stringify(Object.fromEntries(Object.entries(rules).map(([u, deny]) => [u, { deny }]))));
    },
    faultCounts() {
      const file = join(state, 'fault-counts.json');
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {};
    },
    run(tool, args, runOptions = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(join(fakesBin, tool), args, { env: { ...env, ...runOptions.env }, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(runOptions.input ?? '');
      });
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function writeFaults(state: string, faults: Faults): void {
  const file = join(state, 'faults.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(faults, null, 2)}\n`);
  renameSync(tmp, file);
}
