import type { Problem, Path } from '../../../text/problem.js';
import { isRecord } from '../text.js';
import { kubernetesCel } from './environment.js';

type Schema = Record<string, unknown>;

interface Rule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
}

type Compiled = ((context: Record<string, unknown>) => unknown) | { unsupported: string };

/** What evaluating a CRD's rules found, beyond the problems: rules mesh could not evaluate or had to skip. */
export interface RuleReport {
  problems: Problem[];
  /** `rule: reason` of each rule mesh cannot evaluate, once each. */
  unsupported: Set<string>;
  /** Transition rules (on `oldSelf`): they compare with the object on the cluster, which a render has not got. */
  transitionRules: number;
  evaluated: number;
}

let env: ReturnType<typeof kubernetesCel> | undefined;
const compiled = new Map<string, Compiled>();

/**
 * Evaluates every `x-kubernetes-validations` rule of a structural schema
 * against an object, as the API server does: `self` is the value at the
 * rule's place, `message` or `messageExpression` says what failed. Also
 * checks `x-kubernetes-list-type` map and set uniqueness.
 */
export function checkRules(schema: Schema, data: unknown, report: RuleReport, path: Path = []): void {
  if (data === undefined || data === null) return;
  const rules = Array.isArray(schema['x-kubernetes-validations']) ? (schema['x-kubernetes-validations'] as unknown[]).filter(isRule) : [];
  for (const rule of rules) evaluate(rule, schema, data, path, report);
  if (Array.isArray(data)) {
    listTypeProblems(schema, data, path, report);
    const items = isRecord(schema.items) ? schema.items : undefined;
    if (items) data.forEach((item, i) => checkRules(items, item, report, [...path, i]));
  } else if (isRecord(data)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const rest = isRecord(schema.additionalProperties) ? schema.additionalProperties : undefined;
    for (const [key, value] of Object.entries(data)) {
      const child = isRecord(properties[key]) ? properties[key] : rest;
      if (child) checkRules(child, value, report, [...path, key]);
    }
  }
}

function evaluate(rule: Rule, schema: Schema, data: unknown, path: Path, report: RuleReport): void {
  if (/\boldSelf\b/.test(rule.rule)) {
    report.transitionRules += 1;
    return;
  }
  const run = compile(rule.rule);
  if ('unsupported' in run) return void report.unsupported.add(`${rule.rule}: ${run.unsupported}`);
  const self = toCel(data, schema);
  report.evaluated += 1;
  let passed: unknown;
  try {
    passed = run({ self });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    // A function mesh lacks is its own gap; anything else fails as it would on the API server.
    if (/no matching overload/.test(reason)) return void report.unsupported.add(`${rule.rule}: ${reason}`);
    return void report.problems.push({
      path: at(path, rule),
      message: `rule ${JSON.stringify(rule.rule)} could not be evaluated: ${reason}`,
    });
  }
  if (passed === true) return;
  report.problems.push({ path: at(path, rule), message: messageOf(rule, self) });
}

function messageOf(rule: Rule, self: unknown): string {
  if (rule.messageExpression) {
    const run = compile(rule.messageExpression);
    if (!('unsupported' in run)) {
      try {
        const text = run({ self });
        if (typeof text === 'string' && text !== '') return text;
      } catch {
        // The API server falls back to `message` too.
      }
    }
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

function compile(expression: string): Compiled {
  let run = compiled.get(expression);
  if (run === undefined) {
    env ??= kubernetesCel();
    try {
      const parsed = env.parse(expression);
      run = (context) => parsed(context);
    } catch (error) {
      run = { unsupported: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    }
    compiled.set(expression, run);
  }
  return run;
}

// `fieldPath: .spec.ports` points the message at a field below the rule's place.
function at(path: Path, rule: Rule): Path {
  if (!rule.fieldPath) return path;
  return [...path, ...rule.fieldPath.split('.').filter(Boolean)];
}

function isRule(value: unknown): value is Rule {
  return isRecord(value) && typeof value.rule === 'string';
}

/** JSON as CEL sees it under the schema: integers as CEL ints (BigInt), other numbers as doubles. */
function toCel(value: unknown, schema: Schema | undefined): unknown {
  if (Array.isArray(value)) {
    const items = schema && isRecord(schema.items) ? schema.items : undefined;
    return value.map((item) => toCel(item, items));
  }
  if (isRecord(value)) {
    const properties = schema && isRecord(schema.properties) ? schema.properties : {};
    const rest = schema && isRecord(schema.additionalProperties) ? schema.additionalProperties : undefined;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v, isRecord(properties[k]) ? properties[k] : rest)]));
  }
  if (typeof value === 'number' && Number.isInteger(value) && schema?.type !== 'number') return BigInt(value);
  return value;
}

function listTypeProblems(schema: Schema, data: unknown[], path: Path, report: RuleReport): void {
  const type = schema['x-kubernetes-list-type'];
  if (type !== 'map' && type !== 'set') return;
  const keys =
    type === 'map' && Array.isArray(schema['x-kubernetes-list-map-keys']) ? (schema['x-kubernetes-list-map-keys'] as string[]) : [];
  // A missing key takes its default, as the API server defaults it before comparing (a port's protocol is TCP).
  const itemProperties = isRecord(schema.items) && isRecord(schema.items.properties) ? schema.items.properties : {};
  const keyOf = (item: unknown, k: string) =>
    isRecord(item) && item[k] !== undefined ? item[k] : (itemProperties[k] as Schema | undefined)?.default;
  const seen = new Map<string, number>();
  data.forEach((item, i) => {
    const identity = type === 'map' ? JSON.stringify(keys.map((k) => keyOf(item, k))) : JSON.stringify(item);
    const first = seen.get(identity);
    if (first === undefined) return void seen.set(identity, i);
    const what =
      type === 'map'
        ? `the same ${keys.map((k) => `${k} ${JSON.stringify(keyOf(item, k))}`).join(' and ')} as item ${first}; entries are unique by ${keys.join(', ')} (x-kubernetes-list-type: map)`
        : `the same value as item ${first}; entries are unique (x-kubernetes-list-type: set)`;
    report.problems.push({ path: [...path, i], message: `duplicate entry: ${what}` });
  });
}
