import { createRequire } from 'node:module';
import type { z } from 'zod';

export type Path = ReadonlyArray<string | number | symbol>;

/** A problem found in the config, at a path, in words a user can act on. */
export interface Problem {
  path: Path;
  message: string;
}

/** `packages.istio-istiod.values.pilot`, `clusters.a.ports[0].port`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(String(part))) out += out ? `.${String(part)}` : String(part);
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(top level)';
}

/** How a found value reads in an error: its type, and the value when short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const brief = shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
  return `${typeof value} ${brief}`;
}

/** Suggests the closest of `known` to `given`, when it is close enough to be a typo. */
export function didYouMean(given: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  // Loaded here, not at the top: only a run with a mistake in it needs it.
  const { closest, distance } = createRequire(import.meta.url)('fastest-levenshtein') as typeof import('fastest-levenshtein');
  const best = closest(given, [...known]);
  return distance(given, best) <= Math.max(2, Math.floor(given.length / 3)) ? `; did you mean "${best}"?` : '';
}

/** Turns zod's issues for a value checked at `base` into Problems. */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], base: Path, schema: z.ZodType): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = keysAt(schema, issue.path);
        for (const key of issue.keys) {
          const hint = didYouMean(key, known) || (known.length ? `; allowed: ${known.join(', ')}` : '');
          out.push({ path: [...path, key], message: `unknown field${hint}` });
        }
        break;
      }
      case 'invalid_type':
        out.push({
          path,
          message:
            input === undefined
              ? `required: expected ${article(issue.expected)}`
              : `expected ${article(issue.expected)}, found ${describeValue(input)}`,
        });
        break;
      case 'invalid_value':
        out.push({ path, message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${describeValue(input)}` });
        break;
      case 'invalid_union':
        out.push({ path, message: `expected ${unionExpectation(issue)}, found ${describeValue(input)}` });
        break;
      case 'too_small':
      case 'too_big':
        out.push({ path, message: `expected ${bound(issue)}, found ${describeValue(input)}` });
        break;
      default:
        out.push({
          path,
          message: `${issue.message.replace(/^Invalid input: /, '')}${input === undefined ? '' : `, found ${describeValue(input)}`}`,
        });
    }
  }
  return out;
}

/** The field names a (strict) object schema allows at a path, for did-you-mean. */
export function keysAt(schema: z.ZodType, path: Path): string[] {
  let node = unwrap(schema);
  for (const part of path) {
    const def = node?._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };
    if (!def) return [];
    if (def.type === 'object' && def.shape) node = unwrap(def.shape[String(part)]);
    else if (def.type === 'array' && def.element) node = unwrap(def.element);
    else if (def.type === 'record' && def.valueType) node = unwrap(def.valueType);
    else return [];
  }
  const def = node?._zod.def as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  for (;;) {
    const def = node?._zod.def as { type: string; innerType?: z.ZodType } | undefined;
    if (!def || !def.innerType || !['optional', 'nullable', 'default'].includes(def.type)) return node;
    node = def.innerType;
  }
}

function unionExpectation(issue: z.core.$ZodIssueInvalidUnion): string {
  const expected = issue.errors
    .flat()
    .filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0)
    .map((inner) => article((inner as z.core.$ZodIssueInvalidType).expected));
  return expected.length ? [...new Set(expected)].join(' or ') : 'another shape';
}

// zod's own words ("Too small: expected number to be >=1") in the form every
// other message here takes: what was expected, then what was found.
function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const limit = Number('minimum' in issue ? issue.minimum : issue.maximum);
  const small = issue.code === 'too_small';
  if (issue.origin === 'string' && small && limit === 1) return 'a non-empty string';
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
  const what =
    issue.origin === 'string' ? 'a string of' : issue.origin === 'array' ? 'a list of' : issue.origin === 'int' ? 'an integer' : 'a number';
  const op = small ? (issue.inclusive === false ? '>' : '>=') : issue.inclusive === false ? '<' : '<=';
  return unit ? `${what} ${small ? 'at least' : 'at most'} ${limit}${unit}` : `${what} ${op} ${limit}`;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    record: 'an object',
    object: 'an object',
    array: 'a list',
    int: 'an integer',
    integer: 'an integer',
    string: 'a string',
    number: 'a number',
    boolean: 'a boolean',
  };
  return names[expected] ?? expected;
}
