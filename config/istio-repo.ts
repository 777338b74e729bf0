import { ConfigError } from '../lib/errors.js';
import { ENV } from '../lib/model/defaults.js';
import type { Model } from '../lib/model/model.js';

/**
 * The Istio repository is a URL helm and mesh can fetch from. A value without
 * a scheme (`blob.istio.io/charts`, `127.0.0.1:18931`) would otherwise reach
 * helm as a file path and fail with its raw text; said here, with where the
 * value came from.
 */
export function checkIstioRepo(model: Model, shown: string, envFile: string | undefined): void {
  const { repo, origin } = model.istio;
  if (/^(https?|oci):\/\/[^/\s]+/i.test(repo)) return;
  const where =
    origin.repo === 'flag'
      ? `--istio-repo ${repo}`
      : origin.repo === 'env'
        ? `${ENV.istioRepo}=${repo} (${envFile ? `from ${envFile}` : 'from the environment'})`
        : `istio.repo "${repo}" in ${shown}`;
  const guess = /^[\w.-]+(:\d+)?(\/|$)/.test(repo)
    ? `; did you mean "${/^(localhost|127\.|\[::1\])/.test(repo) ? 'http' : 'https'}://${repo}"?`
    : '';
  throw new ConfigError(`${where}: expected an http(s):// or oci:// URL${guess}`, {
    hint: 'give the chart repository as a full URL, e.g. https://istio-release.storage.googleapis.com/charts',
  });
}
