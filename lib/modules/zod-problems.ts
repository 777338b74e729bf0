import type { z } from 'zod';
import { describeValue, type Path, type Problem } from '../text/problem.js';
import { suggestOrList } from '../text/suggest.js';

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
          const hint = suggestOrList(key, known, 'allowed');
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
      case 'custom':
        // mesh's own checks say what they found, and how to fix it.
        out.push({ path, message: issue.message });
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
