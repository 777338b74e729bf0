// A fake kubectl v1.32 talking to the fake k3d clusters: parses the command
// line and hands each command to its file here. Contexts come from the real
// kubeconfig files (KUBECONFIG / ~/.kube/config / --kubeconfig); a context's
// server URL is matched to a k3d cluster by its API host port, so a stopped or
// deleted cluster is "connection refused" as in real life.
//
// Error wording follows kubectl's cmd/util/helpers.go (checkErr,
// StandardErrorMessage, MultilineError, MultipleErrors) and client-go's
// clientcmd (DirectClientConfig.ClientConfig / ConfirmUsable).
import YAML from 'yaml';
import { Out, flagBool, flagValue, parseFlags, q, scriptedFault } from '../common.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { apply } from './apply.js';
import { auth } from './auth.js';
import { config } from './config.js';
import { connect, connectionFailure } from './connect.js';
import { del } from './delete.js';
import { exec } from './exec.js';
import { KubectlError } from './errors.js';
import { get } from './get.js';
import { rolloutStatus, waitCmd } from './wait.js';

export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:03:44Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const KUSTOMIZE_VERSION = 'v5.5.0';

const VALUE_FLAGS = new Set([
  'context',
  'kubeconfig',
  'namespace',
  'n',
  'output',
  'o',
  'field-manager',
  'selector',
  'l',
  'field-selector',
  'timeout',
  'for',
  'filename',
  'f',
  'request-timeout',
  'v',
  'cluster',
  'user',
  'server',
  's',
  'token',
  'sort-by',
  'chunk-size',
  'template',
  'revision',
  'subresource',
  'label-columns',
  'L',
  'prune-allowlist',
  'raw',
  'container',
  'c',
]);

const SHORT = {
  c: 'container',
  n: 'namespace',
  o: 'output',
  l: 'selector',
  f: 'filename',
  A: 'all-namespaces',
  q: 'quiet',
  s: 'server',
  L: 'label-columns',
};

/** Whether this invocation reads stdin (`-f -`). */
export function wantsStdin(argv: string[]) {
  const parsed = parseFlags(argv, VALUE_FLAGS, SHORT);
  return (parsed.flags.get('filename') ?? []).includes('-');
}

export function kubectl(ctx: FakeContext) {
  const out = new Out();
  const parsed = parseFlags(ctx.argv, VALUE_FLAGS, SHORT);
  const [command, ...rest] = parsed.args;
  if (!command) {
    out.out(
      'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n',
    );
    return out.result();
  }
  const scripted = scriptedFault(ctx.dir, ctx.faults, 'kubectl', command, ctx.argv);
  if (scripted) return scripted;
  try {
    switch (command) {
      case 'version':
        return version(ctx, parsed, out);
      case 'config':
        return config(ctx, parsed, rest, out);
      case 'apply':
        return apply(ctx, parsed, out);
      case 'get':
        return get(ctx, parsed, rest, out);
      case 'wait':
        return waitCmd(ctx, parsed, rest, out);
      case 'rollout':
        if (rest[0] !== 'status') return out.fail(1, `error: unknown command "${rest[0] ?? ''}" for "kubectl rollout"`).result();
        return rolloutStatus(ctx, parsed, rest.slice(1), out);
      case 'delete':
        return del(ctx, parsed, rest, out);
      case 'exec':
        return exec(ctx, parsed, rest, out);
      case 'auth':
        return auth(ctx, parsed, rest, out);
      default:
        return out.fail(1, `error: unknown command ${q(command)} for "kubectl"`).result();
    }
  } catch (error) {
    if (error instanceof KubectlError) {
      connectionFailure(out, error);
      return out.result();
    }
    throw error;
  }
}

// -------------------------------------------------------------------- version

export function version(ctx: FakeContext, parsed: ParsedFlags, out: Out) {
  const output = flagValue(parsed, 'output');
  const client = flagBool(parsed, 'client');
  const info: Json = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION };
  let serverError;
  if (!client) {
    try {
      const { cluster } = connect(ctx, parsed, { namespaceFirst: false });
      const tag = String(cluster.image ?? '').split(':')[1] ?? 'v1.35.2-k3s1';
      const m = /^v(\d+)\.(\d+)\.(\d+)-k3s(\d+)$/.exec(tag) ?? [null, '1', '35', '2', '1'];
      info.serverVersion = {
        major: m[1],
        minor: m[2],
        gitVersion: `v${m[1]}.${m[2]}.${m[3]}+k3s${m[4]}`,
        gitCommit: 'f0c2c2b5e4a4e7f5c8d6b1a9e3c7d2f4a6b8c0e1',
        gitTreeState: 'clean',
        buildDate: '2026-03-10T21:02:19Z',
        goVersion: 'go1.25.7',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    } catch (error) {
      serverError = error;
    }
  }
  if (output === 'json') out.out(`${JSON.stringify(info, null, 2)}\n`);
  else if (output === 'yaml') out.out(`${YAML.stringify(info)}\n`);
  else if (output) return out.fail(1, `error: --output must be 'yaml' or 'json'`).result();
  else {
    out.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (info.serverVersion) out.out(`Server Version: ${info.serverVersion.gitVersion}\n`);
  }
  if (serverError) connectionFailure(out, serverError);
  return out.result();
}

// -------------------------------------------------------------------- config
