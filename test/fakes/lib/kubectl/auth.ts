// `kubectl auth can-i VERB RESOURCE [-n NS | -A] [-q]`, as kubectl's pkg/cmd/auth/cani.go answers it: "yes"
// and exit 0, or "no" and exit 1; a resource discovery does not know is warned about on stderr and asked
// for as typed. Who may do what is part of the world: `rbac.json` in the state folder, by kubeconfig user,
// `{ "<user>": { "deny": ["create customresourcedefinitions.apiextensions.k8s.io", "patch deployments.apps in prod"] } }`
// (`*` for any verb). A user it does not name may do everything, as k3d's admin may.
import { join } from 'node:path';
import { Out, flagBool, readJson } from '../common.js';
import { qualified, resolveResource } from '../resources.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { connect } from './connect.js';

export function auth(ctx: FakeContext, parsed: ParsedFlags, rest: string[], out: Out) {
  if (rest[0] !== 'can-i') return out.fail(1, `error: unknown command "${rest[0] ?? ''}" for "kubectl auth"`).result();
  const args = rest.slice(1);
  if (args.length < 2 || args.length > 3) {
    return out.fail(1, 'error: you must specify two or three arguments: verb, resource, and optional resourceName').result();
  }
  const [verb, typed] = args as [string, string];
  const conn = connect(ctx, parsed, { namespaceFirst: false });
  const token = typed.split('/')[0]!;
  const found = resolveResource(conn.view.descriptors(), token);
  if (!found && token !== '*') {
    const dot = token.indexOf('.');
    out.err(
      dot === -1
        ? `Warning: the server doesn't have a resource type '${token}'\n`
        : `Warning: the server doesn't have a resource type '${token.slice(0, dot)}' in group '${token.slice(dot + 1)}'\n`,
    );
  }
  const resource = found ? qualified(found) : token.toLowerCase();
  const namespace = flagBool(parsed, 'all-namespaces') || (found && !found.namespaced) ? '' : conn.namespace;
  const rules: Json = readJson(join(ctx.dir, 'rbac.json'), {});
  const denied: string[] = (conn.user && rules[conn.user]?.deny) || [];
  const refused = denied.some((rule) => {
    const m = /^(\S+) (\S+)(?: in (\S+))?$/.exec(rule);
    return !!m && (m[1] === '*' || m[1] === verb) && m[2] === resource && (m[3] === undefined || m[3] === namespace);
  });
  const quiet = flagBool(parsed, 'quiet');
  if (!refused) return (quiet ? out : out.out('yes\n')).result();
  return (quiet ? out : out.out('no\n')).fail(1).result();
}
