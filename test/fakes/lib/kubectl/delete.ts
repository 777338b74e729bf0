// `kubectl delete`.
import { Out, flagBool, q } from '../common.js';
import { kindPrefix } from '../resources.js';
import { saveApi } from '../store.js';
import { selectorMatches } from '../synth.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { connect } from './connect.js';
import { notFound, printError } from './errors.js';
import { parseTargets } from './select.js';

export function del(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const conn = connect(ctx, parsed, { namespaceFirst: true });
  const ignore = flagBool(parsed, 'ignore-not-found');
  const errors: Json[] = [];
  let dirty = false;
  for (const { descriptor, name } of parseTargets(conn.view, args)) {
    if (name === undefined) return out.fail(1, 'error: resource(s) were provided, but no name was specified').result();
    const ns = descriptor.namespaced ? conn.namespace : '';
    const key = Object.keys(conn.api.objects).find((k) => {
      const e = conn.api.objects[k];
      return e.group === descriptor.group && e.kind === descriptor.kind && e.namespace === ns && e.name === name;
    });
    if (!key) {
      if (!ignore) errors.push(notFound(descriptor, name));
      continue;
    }
    delete conn.api.objects[key];
    if (descriptor.kind === 'Namespace') {
      for (const [k, e] of Object.entries(conn.api.objects as Record<string, Json>)) if (e.namespace === name) delete conn.api.objects[k];
    }
    conn.api.rv += 1;
    dirty = true;
    out.out(`${kindPrefix(descriptor.kind, descriptor.group)} ${q(name)} deleted\n`);
  }
  if (dirty) saveApi(ctx.dir, conn.cluster.name, conn.api);
  if (errors.length) printError(out, errors);
  return out.result();
}

export { selectorMatches };
