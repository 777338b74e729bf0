// A fake docker CLI 28.2.2 (client) against a fake engine: parses the command
// line and hands each command to its file here. The daemon can be "down"
// (faults.docker.daemon), then every command prints what the real client
// prints without a daemon (checked against /usr/local/bin/docker 28.2.2 with
// no daemon): client-side output on stdout, "Cannot connect to the Docker
// daemon ..." on stderr, exit 1.
import { Out, flagValue, parseFlags, scriptedFault } from '../common.js';
import type { FakeContext, Json } from '../types.js';
import { info, version } from './info.js';
import { network } from './network.js';
import { pull } from './images.js';
import { inspectContainers, ps } from './containers.js';

/**
 * What the client prints when the daemon does not answer: docker 28's text
 * by default; docker 29's (faults.versions.docker '29...') or the
 * permission-denied text of either (faults.docker.daemon 'denied').
 * Set once per call, from that call's faults.
 */
export let DOCKER_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

function daemonText(ctx: FakeContext): string {
  const v29 = (ctx.faults.versions?.docker ?? '').startsWith('29');
  const socket = 'unix:///var/run/docker.sock';
  if (ctx.faults.docker?.daemon === 'denied') {
    const api = `Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.${v29 ? 51 : 50}/info": dial unix /var/run/docker.sock: connect: permission denied`;
    return v29
      ? `permission denied while trying to connect to the docker API at ${socket}: ${api}`
      : `permission denied while trying to connect to the Docker daemon socket at ${socket}: ${api}`;
  }
  return v29
    ? `failed to connect to the docker API at ${socket}; check if the path is correct and if the daemon is running: dial unix /var/run/docker.sock: connect: no such file or directory`
    : `Cannot connect to the Docker daemon at ${socket}. Is the docker daemon running?`;
}

export const CLIENT = {
  Version: '28.2.2',
  ApiVersion: '1.50',
  DefaultAPIVersion: '1.50',
  GitCommit: 'e6534b4',
  GoVersion: 'go1.24.3',
  Os: 'linux',
  Arch: 'amd64',
  BuildTime: 'Fri May 30 12:07:14 2025',
  Context: 'default',
};

const VALUE_FLAGS = new Set([
  'format',
  'f',
  'filter',
  'host',
  'H',
  'context',
  'c',
  'driver',
  'd',
  'subnet',
  'gateway',
  'label',
  'config',
  'log-level',
  'l',
]);

export function wantsStdin() {
  return false;
}

/** A small Go text/template: `{{json .}}`, `{{.A.B}}`, `{{json .A}}`, `{{len .A}}`, and the `json` shorthand. */
export function goTemplate(format: string, data: Json) {
  if (format === 'json') return JSON.stringify(data);
  return format.replace(/\{\{\s*(.*?)\s*\}\}/g, (_: Json, action: Json) => {
    const fn = /^(json|len)\s+/.exec(action)?.[1];
    const path = (fn ? action.slice(fn.length) : action).trim();
    const value =
      path === '.'
        ? data
        : path
            .replace(/^\./, '')
            .split('.')
            .reduce((acc: Json, key: string) => (acc == null ? undefined : acc[key]), data);
    if (fn === 'json') return JSON.stringify(value ?? null);
    // Go's len: maps, slices and strings; nil maps and slices have length 0.
    if (fn === 'len')
      return String(value == null ? 0 : typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).length : value.length);
    if (value === undefined) return '<no value>';
    if (value === null) return '<nil>';
    if (Array.isArray(value)) return `[${value.join(' ')}]`;
    if (typeof value === 'object')
      return `map[${Object.entries(value)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}]`;
    return String(value);
  });
}

export function clientBlock() {
  return `Client:\n Version:    ${CLIENT.Version}\n Context:    ${CLIENT.Context}\n Debug Mode: false\n\n`;
}

export function docker(ctx: FakeContext) {
  const out = new Out();
  // `-f` is --filter for `network ls` and --format elsewhere.
  const listing = ctx.argv[0] === 'network' && ['ls', 'list'].includes(ctx.argv[1] ?? '');
  const parsed = parseFlags(ctx.argv, VALUE_FLAGS, { f: listing ? 'filter' : 'format', q: 'quiet', a: 'all' });
  const [command, sub, ...args] = parsed.args;
  const scripted = scriptedFault(ctx.dir, ctx.faults, 'docker', command === 'network' ? 'network' : (command ?? ''), ctx.argv);
  if (scripted) return scripted;
  const up = ctx.faults.docker?.daemon !== 'down' && ctx.faults.docker?.daemon !== 'denied';
  DOCKER_DOWN = daemonText(ctx);
  const format = flagValue(parsed, 'format');
  switch (command) {
    case 'info':
      return info(ctx, up, format, out);
    case 'version':
      return version(ctx, up, format, out);
    case 'network':
      return network(ctx, up, sub, args, parsed, out);
    case 'ps':
      return ps(ctx, up, parsed, out);
    case 'pull':
      return pull(ctx, up, sub, out, DOCKER_DOWN);
    case 'inspect':
      return inspectContainers(ctx, up, [sub, ...args].filter(Boolean) as string[], parsed, out);
    case 'container':
      if (sub === 'inspect') return inspectContainers(ctx, up, args, parsed, out);
      if (sub === 'ls' || sub === 'list') return ps(ctx, up, parsed, out);
      return out
        .fail(1, `docker: unknown command: docker container ${sub ?? ''}\n\nRun 'docker container --help' for more information`)
        .result();
    default:
      return out.fail(1, `docker: unknown command: docker ${command ?? ''}\n\nRun 'docker --help' for more information`).result();
  }
}
