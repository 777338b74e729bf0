import { CrdIndex } from './crd.js';
import { nameProblems } from './names.js';
import { isRecord } from './text.js';
import { formatPath } from '../../text/problem.js';
import type { ContentCache } from '../cache.js';
import type { BuiltinSchemas } from './builtin.js';

export { compiledSchemaCount } from './validators.js';

/** One parsed object of a build target's output. */
export interface ObjectRef {
  target: string;
  /** The object's 0-based position in the target's output. */
  index: number;
  object: Record<string, unknown>;
}

/** One thing the apiserver would reject, said so that it can be fixed from the message alone. */
export interface Violation {
  target: string;
  kind: string;
  name: string;
  /** Dotted/bracket form, e.g. `spec.ports[0].number`; empty when about the object as a whole. */
  path: string;
  /** What was expected and what was found, e.g. `expected integer, found string "x"`. */
  message: string;
}

const SHOWN_VIOLATIONS = 20;
const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

/**
 * Checks rendered objects without a cluster: names and namespaces for
 * every object, the full schema for every object whose kind one of `crds`
 * defines, and built-in kinds' types when `builtins` is given. Anything
 * else is left to the apiserver.
 */
export function validateObjects(
  objects: readonly ObjectRef[],
  crds: readonly Record<string, unknown>[],
  rules?: (report: CrdIndex['rules']) => void,
  cache?: ContentCache,
  builtins?: BuiltinSchemas,
): Violation[] {
  const index = new CrdIndex(crds, cache);
  index.prepare(objects.map((ref) => ref.object));
  const violations: Violation[] = [];
  for (const ref of objects) {
    const kind = typeof ref.object.kind === 'string' && ref.object.kind !== '' ? ref.object.kind : '(no kind)';
    const name = nameOf(ref);
    const found = [...nameProblems(ref.object), ...index.problems(ref.object), ...(builtins?.problems(ref.object) ?? [])];
    for (const { path, message } of found) {
      violations.push({ target: ref.target, kind, name, path: formatPath(path), message });
    }
  }
  rules?.(index.rules);
  return violations;
}

/** The CustomResourceDefinitions among the objects, which define the kinds the others may use. */
export function crdsIn(objects: readonly ObjectRef[]): Record<string, unknown>[] {
  return objects
    .map((ref) => ref.object)
    .filter((object) => object.apiVersion === CRD_API_VERSION && object.kind === 'CustomResourceDefinition');
}

/** One line per violation, capped so a systematic mistake does not bury the rest of the output. */
export function formatViolations(violations: readonly Violation[]): string {
  const lines = violations.slice(0, SHOWN_VIOLATIONS).map((v) => {
    const where = v.path === '' ? '' : `${v.path}: `;
    return `${v.target}: ${v.kind}/${v.name}: ${where}${v.message}`;
  });
  if (violations.length > SHOWN_VIOLATIONS) lines.push(`… and ${violations.length - SHOWN_VIOLATIONS} more`);
  return lines.join('\n');
}

// An object without a usable name is still findable by its place in the output.
function nameOf(ref: ObjectRef): string {
  const metadata = ref.object.metadata;
  const name = isRecord(metadata) ? metadata.name : undefined;
  return typeof name === 'string' && name !== '' ? name : `(object #${ref.index + 1})`;
}
