import { KubeconfigWriter } from './kubeconfig.js';
import type { Model } from '../model/model.js';
import { dockerAdapter } from '../tools/docker/adapter.js';
import { helmAdapter } from '../tools/helm/adapter.js';
import { k3dAdapter } from '../tools/k3d/adapter.js';
import { kubectlAdapter } from '../tools/kubectl/adapter.js';
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
  return {
    model,
    env,
    tools: (runner) => ({
      k3d: k3dAdapter({ runner, env, versions }),
      kubectl: kubectlAdapter({ runner, env }),
      docker: dockerAdapter({ runner, env }),
    }),
    helm: (runner) => helmAdapter({ runner, env, cacheDir, notice: args.warn }),
    render: (cluster, runner, signal) =>
      renderCluster(
        model,
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
    kubeconfig: new KubeconfigWriter(env),
  };
}
