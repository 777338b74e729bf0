import { ConfigError, MeshError, ToolError } from '../../errors.js';
import { withToolOutput } from '../../process/tool-output.js';
import { renderFailure } from './render-errors.js';

/** What a helm call was about, so its failure can name the chart, repo and version. */
export interface HelmCallSubject {
  chart: string;
  repo?: string;
  version?: string;
  /** A `helm template` call: its failures are about the chart's templates and the values given. */
  rendering?: boolean;
}

const NETWORK =
  /connection refused|no such host|i\/o timeout|context deadline exceeded|Client\.Timeout|TLS handshake timeout|network is unreachable|no route to host|connection reset/;

/**
 * Turns helm's failures that the user can fix into errors that say which
 * chart, repo or version is wrong and what to do. helm's own output stays in
 * the message; anything not recognised is returned as the ToolError it was.
 */
export function helmFailure(error: ToolError, subject: HelmCallSubject): MeshError {
  const stderr = error.stderr;
  const fail = (summary: string, hint: string): MeshError =>
    new MeshError(withToolOutput(summary, 'helm', stderr, 20), { hint, cause: error });

  if (subject.rendering) {
    const reshaped = renderFailure(error, subject.chart);
    if (reshaped) return reshaped;
  }

  const missingPath = /path "([^"]+)" not found/.exec(stderr);
  if (missingPath) {
    return new ConfigError(withToolOutput(`chart path ${missingPath[1]} does not exist`, 'helm', stderr, 20), {
      hint: 'point `chart` at a chart directory (with Chart.yaml) or a packaged .tgz, or give `repo` for a chart from a repository',
      cause: error,
    });
  }

  if (subject.chart.startsWith('oci://')) return ociFailure(error, subject, fail) ?? error;

  const repo = subject.repo ?? '';
  const searchHint = `helm repo add mesh-check ${repo} && helm search repo mesh-check/${chartName(subject.chart)} --versions`;
  const version = /chart "([^"]+)" version "([^"]+)" not found in (\S+) repository/.exec(stderr);
  if (version) {
    return fail(
      `chart "${version[1]}" has no version "${version[2]}" in the repository ${version[3]}`,
      `list the versions it has with \`${searchHint}\`, or leave version out to use the newest`,
    );
  }
  const chart = /chart "([^"]+)" not found in (\S+) repository/.exec(stderr);
  if (chart) {
    return fail(
      `chart "${chart[1]}" is not in the repository ${chart[2]}`,
      `check the chart name; list what the repository has with \`${searchHint}\``,
    );
  }
  const index = /looks like "([^"]+)" is not a valid chart repository or cannot be reached: (.*)/.exec(stderr);
  if (index) {
    const [, url = repo, cause = ''] = index;
    const summary = NETWORK.test(cause)
      ? `chart repository ${url} cannot be reached`
      : / 404 /.test(cause)
        ? `chart repository ${url} has no index.yaml (404)`
        : `${url} is not a valid chart repository`;
    return fail(summary, 'check the repo URL in your config (MESH_ISTIO_REPO for the Istio charts) and your network');
  }
  return error;
}

/** The chart's name in a reference: the last path segment, without an OCI tag or digest. */
export function chartName(ref: string): string {
  const last = ref.replace(/\/+$/, '').split('/').pop() ?? ref;
  return last.replace(/@.*$/, '').replace(/:[^:]*$/, '');
}

function ociFailure(error: ToolError, subject: HelmCallSubject, fail: (summary: string, hint: string) => MeshError): MeshError | undefined {
  const stderr = error.stderr;
  const ref = subject.chart;
  const host = ref.slice('oci://'.length).split('/')[0] ?? ref;
  const wanted = subject.version === undefined ? ref : `${ref} version "${subject.version}"`;
  if (/server gave HTTP response to HTTPS client/.test(stderr)) {
    return fail(
      `OCI registry ${host} speaks plain HTTP, not HTTPS`,
      'set `plainHttp: true` on the chart to pull from a registry without TLS',
    );
  }
  if (NETWORK.test(stderr)) {
    return fail(
      `OCI registry ${host} cannot be reached (pulling ${ref})`,
      `check that the registry is running and the host in ${ref} is right, and check your network`,
    );
  }
  if (/\b401\b|unauthorized|\b403\b|denied/i.test(stderr) && !/name unknown/.test(stderr)) {
    return fail(`OCI registry ${host} refused access to ${ref}`, `log in with \`helm registry login ${host}\`, then run mesh again`);
  }
  const noMatch = /could not locate a version matching provided version string (.+)/.exec(stderr);
  if (noMatch) {
    return fail(
      `no version of ${ref} matches "${noMatch[1]?.trim()}"`,
      `check the tags pushed to ${ref}, or leave version out to use the newest`,
    );
  }
  if (/name unknown|repository name not known/.test(stderr)) {
    return fail(`chart ${ref} is not in the OCI registry ${host}`, 'check the chart reference: oci://<registry>/<path>/<chart>');
  }
  if (/manifest unknown|": not found|: not found\s*$/m.test(stderr)) {
    return fail(`${wanted} was not found in the OCI registry ${host}`, `check the chart reference and the tags pushed to ${ref}`);
  }
  return undefined;
}
