// kubectl's error output: API status errors, client errors and klog lines, worded as kubectl words them.
import { Out, q } from '../common.js';
import { qualified } from '../resources.js';
import type { Json } from '../types.js';

export class KubectlError extends Error {
  discovery: Json;
  raw: Json;
  reason: Json;

  /** `reason` set: an API status error ("Error from server (Reason): ..."); otherwise a client error. */
  constructor(message: string, reason?: string) {
    super(message);
    this.reason = reason;
  }
}

export const apiError = (reason: Json, message: string) => new KubectlError(message, reason);

export const notFound = (descriptor: Json, name: string) => apiError('NotFound', `${qualified(descriptor)} ${q(name)} not found`);

/** kubectl's StandardErrorMessage / messageForError. */
function standardMessage(error: Json) {
  if (error instanceof KubectlError && error.reason) return `Error from server (${error.reason}): ${error.message}`;
  return error.message;
}

/** checkErr for one error: "error: " unless it is an API status or already prefixed. */
export function printError(out: Out, errors: Json) {
  if (errors.length === 1) {
    const error = errors[0];
    let message = standardMessage(error);
    if (!(error instanceof KubectlError && (error.reason || error.raw)) && !message.startsWith('error: ')) message = `error: ${message}`;
    out.fail(1, message);
  } else {
    out.fail(1, errors.map(standardMessage).join('\n'));
  }
}

export function klogLine(message: string) {
  const now = new Date();
  const pad = (n: Json, w = 2) => String(n).padStart(w, '0');
  const stamp = `${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}.${pad(now.getUTCMilliseconds() * 1000, 6)}`;
  return `E${stamp} ${String(process.pid).padStart(7)} memcache.go:265] "Unhandled Error" err=${JSON.stringify(message)} logger="UnhandledError"\n`;
}

// -------------------------------------------------------------------- connection
