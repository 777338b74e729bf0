import type { ErrorObject } from 'ajv';
import { collapseCombinators, requiredNames } from './combinators.js';
import { formatPath, type Path, type Problem } from '../../text/problem.js';
import { plural } from '../../text/plural.js';
import { closestName } from '../../text/suggest.js';
import { brief, isRecord, pointerToPath, quote } from './text.js';

const LISTED_FIELDS = 12;

/**
 * Ajv's errors (compiled with `verbose`, so each carries its data and
 * schema) as one message per real problem, in the words of the object's
 * own fields rather than of JSON Schema.
 */
export function problemsFromAjv(errors: readonly ErrorObject[], data: unknown): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const problem of collapseCombinators(errors, data, describe)) {
    const key = `${formatPath(problem.path)}\0${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject, data: unknown): Problem {
  const path = pointerToPath(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const value: unknown = error.data;
  switch (error.keyword) {
    case 'type':
      return { path, message: `expected ${expectedType(params.type)}, found ${brief(value)}` };
    case 'required': {
      const field = String(params.missingProperty);
      return { path: [...path, field], message: `required field ${quote(field)} is missing` };
    }
    case 'additionalProperties':
      return unknownField(path, String(params.additionalProperty), error.parentSchema);
    case 'enum':
      return { path, message: enumMessage(params.allowedValues, value) };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `expected a number ${String(params.comparison)} ${String(params.limit)}, found ${brief(value)}` };
    case 'minLength':
    case 'maxLength':
      return { path, message: `expected ${bound(error.keyword)} ${plural(Number(params.limit), 'character')}, found ${lengthOf(value)}` };
    case 'minItems':
    case 'maxItems':
      return { path, message: `expected ${bound(error.keyword)} ${plural(Number(params.limit), 'item')}, found ${lengthOf(value)}` };
    case 'minProperties':
    case 'maxProperties':
      return { path, message: `expected ${bound(error.keyword)} ${entries(params.limit)}, found ${lengthOf(value)}` };
    case 'pattern':
      return { path, message: `expected a string matching /${String(params.pattern)}/, found ${brief(value)}` };
    case 'format':
      return { path, message: `expected a ${String(params.format)} string, found ${brief(value)}` };
    case 'multipleOf':
      return { path, message: `expected a multiple of ${String(params.multipleOf)}, found ${brief(value)}` };
    case 'uniqueItems':
      return { path, message: `items ${String(params.j)} and ${String(params.i)} are identical; items must be unique` };
    case 'not':
      return { path, message: notMessage(error.schema) };
    default:
      return { path, message: error.message ?? `fails the schema's ${error.keyword} rule` };
  }
}

function unknownField(path: Path, field: string, parentSchema: unknown): Problem {
  const properties = isRecord(parentSchema) && isRecord(parentSchema.properties) ? Object.keys(parentSchema.properties) : [];
  const guess = closestName(field, properties);
  let message = `unknown field ${quote(field)}`;
  if (guess !== undefined) message += `; did you mean ${quote(guess)}?`;
  else if (properties.length > 0 && properties.length <= LISTED_FIELDS) message += `; known fields: ${properties.join(', ')}`;
  return { path: [...path, field], message };
}

function enumMessage(allowed: unknown, value: unknown): string {
  const values = Array.isArray(allowed) ? allowed : [];
  const listed = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  const strings = values.filter((v): v is string => typeof v === 'string');
  const guess = typeof value === 'string' ? closestName(value, strings) : undefined;
  return `expected one of ${listed}; found ${brief(value)}${guess === undefined ? '' : `; did you mean ${quote(guess)}?`}`;
}

// Istio's CRDs express "these fields exclude each other" as `not: {anyOf: [{required: [a]}, ...]}`.
function notMessage(schema: unknown): string {
  const fields = requiredNames(schema);
  return fields.length > 0 ? `must not set ${fields.join(', ')}` : 'matches a shape that is not allowed here';
}

function expectedType(type: unknown): string {
  return Array.isArray(type) ? type.join(' or ') : String(type);
}

function bound(keyword: string): string {
  return keyword.startsWith('min') ? 'at least' : 'at most';
}

function entries(limit: unknown): string {
  return plural(Number(limit), 'entry', 'entries');
}

function lengthOf(value: unknown): string {
  if (typeof value === 'string' || Array.isArray(value)) return String(value.length);
  return isRecord(value) ? String(Object.keys(value).length) : brief(value);
}
