// `kubectl wait` and `kubectl rollout status`.
import { Out, flagBool, flagValue, q } from '../common.js';
import { kindPrefix } from '../resources.js';
import { faultFor } from '../synth.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { connect } from './connect.js';
import { notFound, printError } from './errors.js';
import { jsonpath } from './get.js';
import { parseLabelSelector, parseTargets } from './select.js';

function parseTimeout(text: string | undefined, fallback: number) {
  if (text === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) return fallback;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

export function waitCmd(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const forCond = flagValue(parsed, 'for');
  if (!forCond) return out.fail(1, 'error: --for must be specified').result();
  // WaitFlags.ToOptions asks for the REST config before the namespace.
  const conn = connect(ctx, parsed, { namespaceFirst: false });
  const timeout = parseTimeout(flagValue(parsed, 'timeout'), 30);
  const targets = args.length ? parseTargets(conn.view, args) : [];
  const all = flagBool(parsed, 'all');
  const labelTest = parseLabelSelector(flagValue(parsed, 'selector'));
  // Targets are visited in order: earlier ones print "condition met" before a later one fails.
  const resolved: Json[] = [];
  for (const t of targets) {
    const ns = t.descriptor.namespaced ? (flagBool(parsed, 'all-namespaces') ? undefined : conn.namespace) : undefined;
    const objects = conn.view.list(t.descriptor, ns);
    if (t.name !== undefined) {
      const object = objects.find((o: Json) => o.metadata.name === t.name);
      resolved.push({ descriptor: t.descriptor, object, name: t.name });
    } else if (all || flagValue(parsed, 'selector')) {
      for (const object of objects)
        if (labelTest(object.metadata.labels)) resolved.push({ descriptor: t.descriptor, object, name: object.metadata.name });
    } else {
      return out.fail(1, 'error: resource(s) were provided, but no name was specified').result();
    }
  }
  if (resolved.length === 0 && forCond !== 'delete') return out.fail(1, 'error: no matching resources found').result();
  for (const { descriptor, object, name } of resolved) {
    if (!object) {
      if (forCond === 'delete') continue;
      printError(out, [notFound(descriptor, name)]);
      return out.result();
    }
    const printed = `${kindPrefix(descriptor.kind, descriptor.group)}/${object.metadata.name}`;
    const timedOut = () =>
      out.fail(1, `error: timed out waiting for the condition on ${descriptor.resource}/${object.metadata.name}`).result();
    const fault =
      faultFor(conn.view.faults.wait, descriptor.singular, object.metadata.namespace ?? '', object.metadata.name) ??
      faultFor(
        conn.view.faults.wait,
        descriptor.shortNames[0] ?? descriptor.singular,
        object.metadata.namespace ?? '',
        object.metadata.name,
      );
    if (fault === 'never') return timedOut();
    if (forCond === 'delete') return timedOut();
    if (forCond.startsWith('condition=')) {
      const [type = '', value = 'True'] = forCond.slice('condition='.length).split('=');
      const met = (object.status?.conditions ?? []).some(
        (c: Json) => c.type.toLowerCase() === type.toLowerCase() && String(c.status).toLowerCase() === value.toLowerCase(),
      );
      if (!met)
        return timeout === 0
          ? out.fail(1, `error: condition not met for ${descriptor.resource}/${object.metadata.name}`).result()
          : timedOut();
      out.out(`${printed} condition met\n`);
    } else if (forCond === 'create') {
      out.out(`${printed} condition met\n`);
    } else if (forCond.startsWith('jsonpath=')) {
      const [path = '', expected] = forCond.slice('jsonpath='.length).split('=');
      const actual = jsonpath(path.startsWith('{') ? path : `{${path}}`, object);
      if (expected !== undefined ? actual !== expected : actual === '') return timedOut();
      out.out(`${printed} condition met\n`);
    } else {
      return out.fail(1, `error: unrecognized condition: ${q(forCond)}`).result();
    }
  }
  return out.result();
}

// -------------------------------------------------------------------- rollout status

export function rolloutStatus(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const conn = connect(ctx, parsed, { namespaceFirst: true });
  const watch = flagBool(parsed, 'watch', true);
  const targets = parseTargets(conn.view, args);
  for (const { descriptor, name } of targets) {
    if (name === undefined) return out.fail(1, 'error: resource name may not be empty').result();
    const objects = conn.view.list(descriptor, descriptor.namespaced ? conn.namespace : undefined);
    const object = objects.find((o: Json) => o.metadata.name === name);
    if (!object) {
      printError(out, [notFound(descriptor, name)]);
      return out.result();
    }
    if (descriptor.group !== 'apps' || !['Deployment', 'DaemonSet', 'StatefulSet'].includes(descriptor.kind)) {
      return out.fail(1, `error: no status viewer has been implemented for ${descriptor.kind}`).result();
    }
    // polymorphichelpers: DaemonSet and StatefulSet status viewers refuse any strategy but RollingUpdate.
    const strategy = object.spec?.updateStrategy?.type;
    if (descriptor.kind !== 'Deployment' && strategy !== undefined && strategy !== 'RollingUpdate') {
      return out.fail(1, 'error: rollout status is only available for RollingUpdate strategy type').result();
    }
    const w = conn.view.workloads().find((x: Json) => x.entry.uid === object.metadata.uid);
    const fault = faultFor(conn.view.faults.rollout, descriptor.kind, object.metadata.namespace, name);
    const done = w.ready >= w.desired && fault !== 'never' && fault !== 'deadline' && fault !== 'unavailable';
    if (descriptor.kind === 'Deployment') {
      if (fault === 'deadline') return out.fail(1, `error: deployment ${q(name)} exceeded its progress deadline`).result();
      if (done) out.out(`deployment ${q(name)} successfully rolled out\n`);
      else out.out(`Waiting for deployment ${q(name)} rollout to finish: ${w.ready} of ${w.desired} updated replicas are available...\n`);
    } else if (descriptor.kind === 'DaemonSet') {
      if (done) out.out(`daemon set ${q(name)} successfully rolled out\n`);
      else out.out(`Waiting for daemon set ${q(name)} rollout to finish: ${w.ready} of ${w.desired} updated pods are available...\n`);
    } else if (done) {
      out.out(`partitioned roll out complete: ${w.desired} new pods have been updated...\n`);
    } else {
      out.out(`Waiting for ${w.desired - w.ready} pods to be ready...\n`);
    }
    // A rollout that never finishes: the fake answers at once with the
    // message kubectl prints when --timeout runs out (no real waiting).
    if (!done && watch) return out.fail(1, 'error: timed out waiting for the condition').result();
  }
  return out.result();
}

// -------------------------------------------------------------------- delete
