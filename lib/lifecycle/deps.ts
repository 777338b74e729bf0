import type { Model } from '../model/model.js';
import type { HelmAdapter } from '../tools/helm/adapter.js';
import type { Tools } from '../tools/bundle.js';
import type { Runner } from '../process/runner.js';
import type { Env } from '../process/find-binary.js';
import type { KubeconfigWriter } from './kubeconfig.js';

export type { Tools } from '../tools/bundle.js';

export interface LifecycleDeps {
  model: Model;
  env: Env;
  tools: (runner: Runner) => Tools;
  helm: (runner: Runner) => HelmAdapter;
  /** Renders one cluster's targets in memory: target name -> manifest, in apply order. */
  render: (cluster: string, runner: Runner, signal: AbortSignal) => Promise<Map<string, string>>;
  /** Seconds any single wait may take before deploy explains what is not ready. */
  timeoutSeconds: number;
  /** Delete and create again a cluster whose config differs. */
  recreate: boolean;
  /** Prune delete CRDs a target no longer renders too. */
  pruneCrds: boolean;
  /** Networks several clusters share are created once per run. */
  networks: Map<string, Promise<void>>;
  /** `--preload`: images pulled once on the host (each pull shared by every cluster), imported one cluster at a time. */
  preload: { pulls: Map<string, Promise<void>>; imports: Promise<unknown> };
  /** The one writer of the kubeconfig for this run's clusters. */
  kubeconfig: KubeconfigWriter;
}
