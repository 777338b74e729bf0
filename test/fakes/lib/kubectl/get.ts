// `kubectl get`: tables, JSON, YAML, names and jsonpath output.
import { syncz } from '../istio.js';
import YAML from 'yaml';
import { Out, flagBool, flagValue, q, sortKeys } from '../common.js';
import { kindPrefix } from '../resources.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { connect } from './connect.js';
import { notFound, printError } from './errors.js';
import { parseFieldSelector, parseLabelSelector, parseTargets } from './select.js';

export function get(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const conn = connect(ctx, parsed, { namespaceFirst: true });
  const raw = flagValue(parsed, 'raw');
  if (raw !== undefined) return getRaw(conn.view, raw, out);
  const all = flagBool(parsed, 'all-namespaces');
  const output = flagValue(parsed, 'output') ?? '';
  const ignoreNotFound = flagBool(parsed, 'ignore-not-found');
  const targets = parseTargets(conn.view, args);
  if (all && targets.some((t) => t.name))
    return out.fail(1, 'error: a resource cannot be retrieved by name across all namespaces').result();
  const labelTest = parseLabelSelector(flagValue(parsed, 'selector'));
  const found: Json[] = [];
  const errors: Json[] = [];
  for (const { descriptor, name } of targets) {
    const ns = descriptor.namespaced ? (all ? undefined : conn.namespace) : undefined;
    const fieldTest = parseFieldSelector(flagValue(parsed, 'field-selector'), descriptor);
    const objects = conn.view.list(descriptor, ns);
    if (name !== undefined) {
      const object = objects.find((o: Json) => o.metadata.name === name);
      if (object) found.push({ descriptor, object });
      else if (!ignoreNotFound) errors.push(notFound(descriptor, name));
    } else {
      for (const object of objects) if (labelTest(object.metadata.labels) && fieldTest(object)) found.push({ descriptor, object });
    }
  }
  const singleItem = targets.length === 1 && targets[0].name !== undefined;
  print(out, found, output, singleItem, all);
  if (!output && found.length === 0 && errors.length === 0 && !ignoreNotFound) {
    out.err(targets[0]?.descriptor.namespaced && !all ? `No resources found in ${conn.namespace} namespace.\n` : 'No resources found\n');
  }
  if (errors.length) printError(out, errors);
  return out.result();
}

export function print(out: Out, found: Json, output: Json, singleItem: Json, all: Json) {
  const objects = found.map((f: Json) => f.object);
  const asListOrItem = () =>
    singleItem && objects.length === 1 ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
  if (output === 'json') {
    if (singleItem && objects.length === 0) return;
    out.out(`${JSON.stringify(sortKeys(asListOrItem()), null, 4)}\n`);
  } else if (output === 'yaml') {
    if (singleItem && objects.length === 0) return;
    out.out(YAML.stringify(sortKeys(asListOrItem()), { indentSeq: false, lineWidth: 0 }));
  } else if (output === 'name') {
    for (const { descriptor, object } of found) out.out(`${kindPrefix(descriptor.kind, descriptor.group)}/${object.metadata.name}\n`);
  } else if (output.startsWith('jsonpath=')) {
    out.out(jsonpath(output.slice('jsonpath='.length), asListOrItem()));
  } else if (output === '' || output === 'wide') {
    if (objects.length === 0) return;
    const withNs = all && found[0].descriptor.namespaced;
    const rows: Json[] = [];
    const kind = found[0].descriptor.kind;
    if (kind === 'Pod') {
      rows.push([...(withNs ? ['NAMESPACE'] : []), 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      for (const p of objects) {
        const cs = p.status.containerStatuses ?? [];
        const waiting = cs.find((c: Json) => c.state?.waiting)?.state.waiting.reason;
        rows.push([
          ...(withNs ? [p.metadata.namespace] : []),
          p.metadata.name,
          `${cs.filter((c: Json) => c.ready).length}/${p.spec.containers.length}`,
          waiting ?? p.status.phase,
          String(cs.reduce((n: Json, c: Json) => n + (c.restartCount ?? 0), 0)),
          age(p),
        ]);
      }
    } else {
      rows.push([...(withNs ? ['NAMESPACE'] : []), 'NAME', 'AGE']);
      for (const o of objects) rows.push([...(withNs ? [o.metadata.namespace ?? ''] : []), o.metadata.name, age(o)]);
    }
    out.out(table(rows));
  } else {
    out.fail(
      1,
      `error: unable to match a printer suitable for the output format ${q(output)}, allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    );
  }
}

function age(object: Json) {
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(object.metadata.creationTimestamp ?? new Date().toISOString())) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

/** Enough JSONPath for `{.a.b}`, `{.items[*].metadata.name}` and `{range}`-less templates. */
export function jsonpath(template: Json, data: Json) {
  const body = template.replace(/^'|'$/g, '');
  return body.replace(/\{([^}]*)\}/g, (_: Json, expr: Json) => {
    let values = [data];
    for (const part of expr.replace(/^\./, '').split('.').filter(Boolean)) {
      const m = /^([^[]*)(?:\[(\*|\d+)\])?$/.exec(part)!;
      values = values.flatMap((v) => {
        let next = m[1] ? v?.[m[1]] : v;
        if (m[2] === '*') return Array.isArray(next) ? next : [];
        if (m[2] !== undefined) next = next?.[Number(m[2])];
        return next === undefined ? [] : [next];
      });
    }
    return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' ');
  });
}

export function table(rows: Json) {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_: Json, i: Json) => Math.max(...rows.map((r: Json) => String(r[i] ?? '').length)));
  return (
    rows
      .map((r: Json) =>
        r
          .map((cell: Json, i: Json) => (i === r.length - 1 ? String(cell) : String(cell).padEnd(widths[i] + 3)))
          .join('')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

// -------------------------------------------------------------------- wait

// `kubectl get --raw PATH`: only the service proxy to istiod's debug endpoint is served.
function getRaw(view: Json, path: string, out: Out) {
  const proxy = /^\/api\/v1\/namespaces\/([^/]+)\/services\/(?:https?:)?istiod:15014\/proxy\/debug\/syncz$/.exec(path);
  if (!proxy || !view.entries('Service', '').some((e: Json) => e.name === 'istiod' && e.namespace === proxy[1])) {
    return out.fail(1, 'Error from server (NotFound): the server could not find the requested resource').result();
  }
  return out.out(`${JSON.stringify(syncz(view))}\n`).result();
}
