import type { ManifestTarget } from '../../config/targets.js';
import type { HelmAdapter } from '../helm.js';
import { MeshError } from '../errors.js';
import { meshVersion } from '../version.js';
import { toYaml } from '../yaml.js';
import type { ContentCache } from './cache.js';
import { resolveChart, type SourceDeps } from './chart-source.js';
import { canonicalJson, sha256 } from './digest.js';

export interface RenderedTarget {
  name: string;
  /** The target's manifest: helm's output, or the objects as YAML. */
  text: string;
  /** Hash of everything that went into `text`. */
  key: string;
  /** True when `text` came from the cache and no helm ran for it. */
  cached: boolean;
  chart?: { version: string | undefined; digest: string; pulled: boolean };
}

export interface TargetDeps extends SourceDeps {
  cache: ContentCache;
}

/**
 * Renders one manifest target. A chart's output is cached under a key of
 * chart digest, values, release, namespace, flags, helm and mesh versions,
 * so a repeated render of unchanged input starts no helm at all.
 */
export async function renderTarget(target: ManifestTarget, deps: TargetDeps): Promise<RenderedTarget> {
  try {
    if (target.kind === 'objects') {
      const text = target.objects.map((o) => `---\n${toYaml(o)}`).join('');
      return { name: target.name, text, key: sha256(text), cached: true };
    }
    const chart = target.chart;
    const source = await resolveChart(chart, deps);
    const helm = await deps.helm();
    const key = sha256(
      canonicalJson({
        mesh: meshVersion(),
        helm: await helm.version(),
        digest: source.digest,
        release: chart.name,
        namespace: chart.namespace,
        values: chart.values,
        includeCrds: chart.includeCrds ?? true,
        kubeVersion: chart.kubeVersion ?? null,
      }),
    );
    const info = { version: source.version, digest: source.digest, pulled: source.pulled };
    const hit = deps.cache.getRender(key);
    if (hit !== undefined) return { name: target.name, text: hit, key, cached: true, chart: info };
    const text = await template(helm, chart, source.path, deps.signal);
    deps.cache.putRender(key, text);
    return { name: target.name, text, key, cached: false, chart: info };
  } catch (error) {
    throw inTarget(target.name, error);
  }
}

async function template(helm: HelmAdapter, chart: Extract<ManifestTarget, { kind: 'chart' }>['chart'], path: string, signal?: AbortSignal): Promise<string> {
  const valuesYaml = Object.keys(chart.values).length > 0 ? toYaml(chart.values) : '{}\n';
  const out = await helm.template(
    {
      release: chart.name,
      chartPath: path,
      namespace: chart.namespace,
      valuesYaml,
      includeCrds: chart.includeCrds ?? true,
      ...(chart.kubeVersion ? { kubeVersion: chart.kubeVersion } : {}),
    },
    signal,
  );
  return out.endsWith('\n') ? out : `${out}\n`;
}

function inTarget(name: string, error: unknown): unknown {
  if (!(error instanceof MeshError) || error.message.startsWith(`${name}: `)) return error;
  const wrapped = new MeshError(`${name}: ${error.message}`, { exitCode: error.exitCode, cause: error, ...(error.hint ? { hint: error.hint } : {}) });
  return wrapped;
}
