import { matchesAny, NETWORK_BLIPS } from '../../process/retry.js';

/** The API server did not answer: a cluster just created or started, a connection dropped on a busy machine. */
const UNREACHABLE = [
  ...NETWORK_BLIPS,
  /The connection to the server \S+ was refused/,
  /the server is currently unable to handle the request/,
  /etcdserver: (request timed out|leader changed)/,
  /Too many requests/i,
];

/** The API server answered, but a moment later it would say yes: a webhook whose pods are starting, a conflict. */
const NOT_YET = [
  /failed calling webhook "[^"]+": .*(connection refused|no endpoints available|context deadline exceeded)/,
  /the object has been modified; please apply your changes to the latest version/,
];

/** Worth running again: kubectl never got an answer, or got one that a moment would change. */
export function isTransient(stderr: string): boolean {
  return matchesAny(UNREACHABLE, stderr) || matchesAny(NOT_YET, stderr);
}

/**
 * Worth running again even when the answer itself is the finding (a probe,
 * verify's dry run of an injected pod): no answer came, so there is no finding yet.
 */
export function isUnreachable(stderr: string): boolean {
  return matchesAny(UNREACHABLE, stderr) && !matchesAny(NOT_YET, stderr);
}
