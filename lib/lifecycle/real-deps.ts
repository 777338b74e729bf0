import { KubeconfigWriter } from './kubeconfig.js';
import type { Model } from '../model/model.js';
import { dockerAdapter } from '../tools/docker/adapter.js';
import { helmAdapter } from '../tools/helm/adapter.js';
import { k3dAdapter } from '../tools/k3d/adapter.js';
import { kubectlAdapter } from '../tools/kubectl/adapter.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import type { LockMode } from '../render/charts/source.js';
import { renderCluster } from '../render/render.js';
import type { Env } from '../process/find-binary.js';
import type { LifecycleDeps } from './deps.js';

/** Five minutes: Istio's images pulled over a home connection fit in it. */
export const DEFAULT_WAIT_SECONDS = 300;

/** Wires the real adapters and the in-memory render into the lifecycle tasks. */
export function lifecycleDeps(args: {
  model: Model;
  env: Env;
  cacheDir: string;
  /** Default `write`: what a local, non-CI run does with the lock file. */
  lockMode?: LockMode;
  timeoutSeconds?: number | undefined;
  recreate?: boolean;
  pruneCrds?: boolean;
  warn: (message: string) => void;
}): LifecycleDeps {
  const { model, env, cacheDir } = args;
  const versions = {};
  const kubeconfigs = new Map(
    model.clusters.flatMap((c) => (c.kind === 'existing' && c.kubeconfig ? [[c.context, c.kubeconfig] as const] : [])),
  );
  return {
    model,
    env,
    tools: (runner) => ({
      k3d: k3dAdapter({ runner, env, versions }),
      kubectl: kubectlAdapter({ runner, env, kubeconfigs }),
      docker: dockerAdapter({ runner, env }),
    }),
    helm: (runner) => helmAdapter({ runner, env, cacheDir, notice: args.warn }),
    render: async (cluster, runner, signal) =>
      renderCluster(
        await withServerVersion(model, cluster, kubectlAdapter({ runner, env, kubeconfigs }), signal),
        cluster,
        { validate: true, lockMode: args.lockMode ?? 'write', update: false, signal },
        {
          helm: async () => helmAdapter({ runner, env, cacheDir, notice: args.warn }),
          cacheDir,
          env,
          warn: args.warn,
        },
      ),
    timeoutSeconds: args.timeoutSeconds ?? model.waitSeconds ?? DEFAULT_WAIT_SECONDS,
    recreate: args.recreate ?? false,
    pruneCrds: args.pruneCrds ?? false,
    networks: new Map(),
    preload: { pulls: new Map(), imports: Promise.resolve() },
    kubeconfig: new KubeconfigWriter(env),
  };
}

/**
 * An existing cluster's charts see its API server's Kubernetes version, as helm install would tell them:
 * asked of the server and given to every chart of the cluster that names none. A server that does not
 * answer leaves helm's default; creating the cluster's task says why it did not answer.
 */
async function withServerVersion(model: Model, name: string, kubectl: KubectlAdapter, signal: AbortSignal): Promise<Model> {
  const cluster = model.clusters.find((c) => c.name === name);
  if (cluster?.kind !== 'existing') return model;
  const version = await kubectl.serverVersion({ context: cluster.context }, signal).catch(() => undefined);
  const plain = /^v?(\d+\.\d+\.\d+)/.exec(version ?? '')?.[1];
  if (plain === undefined) return model;
  const targets = model.targets.map((t) =>
    t.kind === 'chart' && cluster.targets.includes(t.name) && t.chart.kubeVersion === undefined
      ? { ...t, chart: { ...t.chart, kubeVersion: `v${plain}` } }
      : t,
  );
  return { ...model, targets };
}
