import type { ClusterModel } from '../model/model.js';
import { ROOTLESS_PORT_HINT } from '../tools/docker/daemon.js';
import { checkPlainHttp } from '../tools/helm/version.js';
import type { DoctorCheck } from './check.js';
import { readNumber } from './read-number.js';
import { findBuiltinPackage } from '../render/validate/builtin-package.js';

export function plainHttpCheck(version: string, charts: readonly string[]): DoctorCheck {
  let detail = `${version} has --plain-http`;
  let ok = true;
  try {
    checkPlainHttp(version, 'helm', charts[0]!);
  } catch {
    ok = false;
    detail = `${version} has no --plain-http (Helm 3.13), which ${charts.join(', ')} ${charts.length === 1 ? 'needs' : 'need'}`;
  }
  return {
    name: 'helm reaches registries without TLS',
    ok,
    blocking: true,
    detail,
    fix: 'upgrade helm to 3.13 or newer, or point MESH_HELM at one',
  };
}

/** Rootless docker publishes no host port below net.ipv4.ip_unprivileged_port_start (1024 unless changed). */
export function rootlessPortChecks(clusters: readonly ClusterModel[]): DoctorCheck[] {
  const start = readNumber('/proc/sys/net/ipv4/ip_unprivileged_port_start') ?? 1024;
  return clusters.flatMap((cluster) => {
    const low = cluster.hostPorts.filter((port) => port < start);
    if (low.length === 0) return [];
    return [
      {
        name: `host ports rootless docker can publish (${cluster.name})`,
        ok: false,
        blocking: true,
        detail: `rootless docker cannot publish ${low.join(', ')}: ports below ${start} need privileges it has not got`,
        fix: ROOTLESS_PORT_HINT,
      },
    ];
  });
}

/** The charts of a config that come from a registry without TLS: what the plain-HTTP check is about. */
export function plainHttpCharts(deps: {
  model: { targets: ReadonlyArray<{ kind: string; chart?: { chart: string; plainHttp?: boolean | undefined } }> };
}): string[] {
  return deps.model.targets.flatMap((t) => (t.kind === 'chart' && t.chart?.plainHttp ? [t.chart.chart] : []));
}

/** Whether renders check built-in kinds' fields, which takes kubernetes-models in the project; never a problem either way. */
export function builtinKindsCheck(projectDir: string): DoctorCheck {
  const models = findBuiltinPackage(projectDir);
  return {
    name: 'built-in kinds checked offline',
    ok: true,
    blocking: false,
    detail: models
      ? `fields of Deployments, Services, ... against ${models.version}`
      : 'names only; `npm install -D kubernetes-models@4` checks their fields too',
  };
}
