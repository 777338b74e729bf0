import type { ErrorObject } from 'ajv';
import type { Problem } from '../../text/problem.js';
import { brief, isRecord, pointerToPath } from './text.js';

type Describe = (error: ErrorObject, data: unknown) => Problem;

// A branch that fails only because the value has the wrong type says least about what was meant.
const WRONG_SHAPE = 1000;
const PRESENCE_KEYS = new Set(['required', 'not', 'anyOf', 'oneOf', 'allOf']);

/**
 * A failed oneOf/anyOf makes Ajv report every branch's errors and then the
 * combinator itself. People need one message: which fields exclude each other,
 * which types were allowed, or the errors of the branch that came closest.
 */
export function collapseCombinators(errors: readonly ErrorObject[], data: unknown, describe: Describe): Problem[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const outer = combinators.filter((j) => !combinators.some((o) => o !== j && within(j, o)));
  const claimed = new Set<ErrorObject>();
  for (const j of outer) for (const e of errors) if (within(e, j)) claimed.add(e);
  const problems: Problem[] = [];
  for (const error of errors) {
    if (outer.includes(error)) {
      problems.push(
        ...summarize(
          error,
          errors.filter((e) => within(e, error)),
          data,
          describe,
        ),
      );
    } else if (!claimed.has(error)) {
      problems.push(describe(error, data));
    }
  }
  return problems;
}

/** Every field name a schema's `required` lists, through nested combinators and `not`. */
export function requiredNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return [...new Set(schema.flatMap(requiredNames))];
  if (!isRecord(schema)) return [];
  const own = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const nested = [schema.anyOf, schema.oneOf, schema.allOf, schema.not].flatMap(requiredNames);
  return [...new Set([...own, ...nested])];
}

function summarize(combinator: ErrorObject, inside: ErrorObject[], data: unknown, describe: Describe): Problem[] {
  const path = pointerToPath(combinator.instancePath, data);
  const branches: unknown[] = Array.isArray(combinator.schema) ? combinator.schema : [];
  if (branches.length > 0 && branches.every(isPresenceOnly)) {
    const message = presenceMessage(branches, combinator.data);
    if (message !== undefined) return [{ path, message }];
  }
  const types = branches.map((b) => (isRecord(b) && Object.keys(b).length === 1 ? b.type : undefined));
  if (types.length > 0 && types.every((t) => typeof t === 'string')) {
    return [{ path, message: `expected ${types.join(' or ')}, found ${brief(combinator.data)}` }];
  }
  const passing = (combinator.params as { passingSchemas?: unknown }).passingSchemas;
  if (Array.isArray(passing)) {
    const forms = passing.map((i) => Number(i) + 1).join(', ');
    return [{ path, message: `matches more than one of the allowed forms (${forms}); it must match exactly one` }];
  }
  const best = closestBranch(combinator, inside);
  if (best.length === 0) return [{ path, message: `matches none of the ${branches.length} allowed forms` }];
  return collapseCombinators(best, data, describe);
}

function presenceMessage(branches: unknown[], value: unknown): string | undefined {
  const fields = requiredNames(branches);
  const present = fields.filter((f) => isRecord(value) && f in value);
  const noneAllowed = branches.some((b) => isRecord(b) && b.not !== undefined);
  if (present.length > 1) {
    return `${fields.join(', ')} exclude each other; set ${noneAllowed ? 'at most' : 'exactly'} one, found ${present.join(' and ')}`;
  }
  if (present.length === 0 && !noneAllowed) return `set exactly one of ${fields.join(', ')}; found none`;
  return undefined;
}

function closestBranch(combinator: ErrorObject, inside: ErrorObject[]): ErrorObject[] {
  const byBranch = new Map<string, ErrorObject[]>();
  for (const error of inside) {
    const branch = error.schemaPath.slice(combinator.schemaPath.length + 1).split('/')[0] ?? '';
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), error]);
  }
  let best: ErrorObject[] = [];
  let bestScore = Infinity;
  for (const errors of byBranch.values()) {
    const wrongShape = errors.some((e) => e.keyword === 'type' && e.instancePath === combinator.instancePath);
    const score = errors.length + (wrongShape ? WRONG_SHAPE : 0);
    if (score < bestScore) [best, bestScore] = [errors, score];
  }
  return best;
}

function isPresenceOnly(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isPresenceOnly);
  if (!isRecord(schema)) return false;
  return Object.entries(schema).every(([key, value]) => PRESENCE_KEYS.has(key) && (key === 'required' || isPresenceOnly(value)));
}

function within(error: ErrorObject, combinator: ErrorObject): boolean {
  if (error === combinator || !error.schemaPath.startsWith(`${combinator.schemaPath}/`)) return false;
  return error.instancePath === combinator.instancePath || error.instancePath.startsWith(`${combinator.instancePath}/`);
}
