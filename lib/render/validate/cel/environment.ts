import { Environment } from '@marcbachmann/cel-js';

/**
 * CEL as the API server evaluates `x-kubernetes-validations`: the standard
 * library (macros, strings, duration, timestamp, matches) from cel-js, plus
 * the Kubernetes extension libraries CRDs use that cel-js lacks (the URL
 * library here; what is missing is reported per rule, never guessed).
 */
export function kubernetesCel(): Environment {
  return new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
    .registerType('URL', KubeUrl)
    .registerFunction('url(string): URL', (text: string) => {
      const parsed = parseUrl(text);
      if (!parsed) throw new Error(`URL parse error during conversion from string: ${text}`);
      return new KubeUrl(parsed);
    })
    .registerFunction('isURL(string): bool', (text: string) => parseUrl(text) !== undefined)
    .registerFunction(receiver('getScheme', (u) => u.url.protocol.replace(/:$/, '')))
    .registerFunction(receiver('getHost', (u) => u.url.host))
    .registerFunction(receiver('getHostname', (u) => u.url.hostname.replace(/^\[|\]$/g, '')))
    .registerFunction(receiver('getPort', (u) => u.url.port))
    .registerFunction(receiver('getEscapedPath', (u) => u.url.pathname))
    .registerFunction(receiver('getQuery', (u) => u.url.search.replace(/^\?/, '')));
}

/** A parsed URL, as the Kubernetes URL library's `url()` returns it. */
export class KubeUrl {
  constructor(readonly url: URL) {}
}

function receiver(name: string, handler: (url: KubeUrl) => string) {
  return { name, receiverType: 'URL', returnType: 'string', handler, params: [] };
}

// Kubernetes accepts absolute URIs and absolute paths (Go's url.ParseRequestURI).
function parseUrl(text: string): URL | undefined {
  try {
    return text.startsWith('/') ? new URL(text, 'http://path.invalid') : new URL(text);
  } catch {
    return undefined;
  }
}
