import type { ManifestTarget } from '../model/targets.js';
import type { HelmAdapter } from '../tools/helm/adapter.js';
import { MeshError } from '../errors.js';
import { meshVersion } from '../version.js';
import type { ContentCache } from './cache.js';
import { resolveChart, type SourceDeps } from './charts/source.js';
import { canonicalJson, sha256 } from './digest.js';
import { apiVersionsAsked } from './capabilities.js';
import { mark } from '../process/timings.js';
import { archiveForHelm } from './charts/helm-archive.js';
import { readCrdsMeanwhile } from './chart-crds.js';
import { valuesFileDigests } from './values-files.js';
import { cachedYaml, lazy, type LazyText } from './lazy-text.js';

export interface RenderedTarget extends LazyText {
  name: string;
  /** True when `text` came from the cache and no helm ran for it. */
  cached: boolean;
  chart?: { version: string | undefined; digest: string; pulled: boolean };
  /** The chart asks `.Capabilities.APIVersions`, so the API versions of the render set's CRDs may change it. */
  asksApiVersions?: boolean;
}

export interface TargetDeps extends SourceDeps {
  cache: ContentCache;
  /** Cache work started for later runs, which the run finishes before it exits. */
  pending?: Array<Promise<void>>;
  /** Told when helm has been started for a target: what waits for its output can get ready meanwhile. */
  helmStarted?: () => void;
}

/**
 * Renders one manifest target. A chart's output is cached under a key of
 * chart digest, values, release, namespace, flags, helm and mesh versions,
 * so a repeated render of unchanged input starts no helm at all.
 */
export async function renderTarget(target: ManifestTarget, deps: TargetDeps, served: readonly string[] = []): Promise<RenderedTarget> {
  try {
    if (target.kind === 'objects') {
      return Object.assign(await cachedYaml(deps.cache, target.objects), { name: target.name, cached: true });
    }
    const chart = target.chart;
    const source = await resolveChart(chart, deps);
    mark(`chart ready: ${target.name}`);
    const helm = await deps.helm();
    // With no served versions to pass, what the chart asks changes nothing helm is given: it is read while helm runs.
    const askedNow = served.length > 0 ? apiVersionsAsked(source.path, source.digest, deps.cache) : undefined;
    const relevant = askedNow === undefined ? [] : askedNow.dynamic ? served : served.filter((v) => askedNow.literal.includes(v));
    const apiVersions = [...new Set([...(chart.apiVersions ?? []), ...relevant])].sort();
    const valuesFiles = valuesFileDigests(chart.valuesFiles);
    const keyFor = (helmVersion: string) =>
      sha256(
        canonicalJson({
          mesh: meshVersion(),
          helm: helmVersion,
          digest: source.digest,
          release: chart.name,
          namespace: chart.namespace,
          values: chart.values,
          includeCrds: chart.includeCrds ?? true,
          kubeVersion: chart.kubeVersion ?? null,
          apiVersions,
          ...(valuesFiles.length > 0 ? { valuesFiles } : {}),
        }),
      );
    const run = () => {
      const text = template(
        helm,
        chart,
        archiveForHelm(deps.cache, source.path, source.digest, deps.pending ?? []),
        apiVersions,
        deps.signal,
      );
      deps.helmStarted?.();
      return text;
    };
    const info = { version: source.version, digest: source.digest, pulled: source.pulled };
    const moreOf = (asked = askedNow ?? apiVersionsAsked(source.path, source.digest, deps.cache)) => ({
      chart: info,
      asksApiVersions: asked.dynamic || asked.literal.length > 0,
    });
    // What is known of the chart, found while helm runs, and what can be read ahead meanwhile.
    const meanwhile = async (rendering: Promise<unknown>) => {
      const more = await whileRunning(rendering, moreOf);
      if (more.asksApiVersions) readCrdsMeanwhile(source.path, deps.cache, rendering);
      return more;
    };
    const known = await helm.knownVersion();
    if (known !== undefined) {
      const key = keyFor(known);
      if (deps.cache.hasRender(key)) return Object.assign(lazy(deps.cache, key), { name: target.name, cached: true, ...moreOf() });
      const rendering = run();
      const more = await meanwhile(rendering);
      const text = await rendering;
      deps.cache.putRender(key, text);
      return { name: target.name, text, key, cached: false, ...more };
    }
    // A helm never seen before has nothing cached under its version: render while learning it.
    const rendering = Promise.all([helm.version(), run()]);
    const more = await meanwhile(rendering);
    const [version, text] = await rendering;
    const key = keyFor(version);
    deps.cache.putRender(key, text);
    return { name: target.name, text, key, cached: false, ...more };
  } catch (error) {
    throw inTarget(target.name, error);
  }
}

// Work done while helm runs. If it fails, helm's own failure (a broken archive, say) is the better message.
async function whileRunning<T>(rendering: Promise<unknown>, work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    await rendering;
    throw error;
  }
}

async function template(
  helm: HelmAdapter,
  chart: Extract<ManifestTarget, { kind: 'chart' }>['chart'],
  path: string,
  apiVersions: readonly string[],
  signal?: AbortSignal,
): Promise<string> {
  // JSON is YAML to helm, and needs no YAML library loaded to write.
  const valuesYaml = `${JSON.stringify(chart.values)}\n`;
  const out = await helm.template(
    {
      release: chart.name,
      chartPath: path,
      namespace: chart.namespace,
      valuesYaml,
      ...(chart.valuesFiles?.length ? { valuesFiles: chart.valuesFiles } : {}),
      includeCrds: chart.includeCrds ?? true,
      ...(chart.kubeVersion ? { kubeVersion: chart.kubeVersion } : {}),
      ...(apiVersions.length > 0 ? { apiVersions } : {}),
      shownChart: chart.version ? `${chart.chart} ${chart.version}` : chart.chart,
    },
    signal,
  );
  return out.endsWith('\n') ? out : `${out}\n`;
}

function inTarget(name: string, error: unknown): unknown {
  if (!(error instanceof MeshError) || error.message.startsWith(`${name}: `)) return error;
  const wrapped = new MeshError(`${name}: ${error.message}`, {
    exitCode: error.exitCode,
    cause: error,
    ...(error.hint ? { hint: error.hint } : {}),
  });
  return wrapped;
}
