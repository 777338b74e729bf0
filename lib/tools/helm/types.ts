/** What mesh asks of helm; the adapter beside this file is the real one. */

export interface PullArgs {
  chart: string;
  repo?: string;
  version?: string;
  plainHttp?: boolean;
  destination: string;
}

export interface TemplateArgs {
  release: string;
  chartPath: string;
  namespace: string;
  valuesYaml: string;
  /** Values files given before `valuesYaml`, each as `--values`: helm merges them in order. */
  valuesFiles?: readonly string[];
  includeCrds: boolean;
  kubeVersion?: string;
  /** Each becomes `--api-versions`: what `.Capabilities.APIVersions` holds besides Kubernetes' own. */
  apiVersions?: readonly string[];
  /** The chart as the user knows it (`cert-manager v1.16.1`, `./charts/app`), for messages instead of a cache path. */
  shownChart?: string;
}

export interface HelmAdapter {
  /** The helm binary: MESH_HELM, else PATH, else the one bundled with mesh. */
  ensureInstalled(): Promise<string>;
  /** e.g. "v4.1.4"; cached per binary in `<cacheDir>/helm-version.json`. */
  version(): Promise<string>;
  /** The version when the cache knows it, without starting helm. */
  knownVersion(): Promise<string | undefined>;
  /** Downloads a chart archive into `destination`; `version` is the one the repo resolved. */
  pull(args: PullArgs, signal?: AbortSignal): Promise<{ archive: string; version: string }>;
  /**
   * `helm dependency build` of a chart folder: fetches what its Chart.yaml
   * declares into its charts/ folder. Only ever given a copy of the user's
   * chart. `shownChart` names it in messages.
   */
  dependencyBuild(args: { chartDir: string; shownChart: string; plainHttp?: boolean }, signal?: AbortSignal): Promise<void>;
  /** Renders a local chart directory or archive; the values go to helm on stdin. */
  template(args: TemplateArgs, signal?: AbortSignal): Promise<string>;
}
