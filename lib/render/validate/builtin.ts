import type { ErrorObject } from 'ajv';
import type { Problem } from '../../text/problem.js';
import { problemsFromAjv } from './messages.js';
import { brief, isRecord, pointerToPath } from './text.js';
import type { BuiltinPackage } from './builtin-package.js';

type Obj = Record<string, unknown>;
type ModelClass = new (data: Obj) => { validate(): void };

// CRDs are read only as far as their names where no custom resource needs them; the API server checks them itself.
const SKIPPED = new Set(['CustomResourceDefinition']);

/**
 * Built-in kinds (Deployment, Service, ...) checked against Kubernetes' own
 * OpenAPI schemas, as the `kubernetes-models` package ships them compiled,
 * when the project has that package installed. Only types and formats are
 * checked (`replicas: "3"`, `memory: lots`): the package's schemas, like the
 * API server's, leave unknown fields open, so a field newer than the
 * package's Kubernetes version is never taken for a mistake.
 */
export class BuiltinSchemas {
  readonly #classes = new Map<string, ModelClass | undefined>();

  constructor(private readonly models: BuiltinPackage) {}

  /** What the schema of the object's kind rejects; nothing for kinds the package does not know. */
  problems(object: Obj): Problem[] {
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || SKIPPED.has(kind) || !/^[A-Z]\w*$/.test(kind)) return [];
    const model = this.#classFor(apiVersion, kind);
    if (model === undefined) return [];
    // A null is the API server's "not set" for every built-in field.
    const data = withoutAnyNulls(object) as Obj;
    try {
      new model(data).validate();
      return [];
    } catch (error) {
      const errors = (error as { errors?: unknown }).errors;
      if (!Array.isArray(errors)) throw error;
      return describe(errors as ErrorObject[], data);
    }
  }

  #classFor(apiVersion: string, kind: string): ModelClass | undefined {
    const id = `${apiVersion}/${kind}`;
    if (!this.#classes.has(id)) {
      let found: ModelClass | undefined;
      try {
        found = (this.models.load(id) as Record<string, ModelClass>)[kind];
      } catch {
        // A kind or version the package does not have (removed, or newer than it) is left to the API server.
      }
      this.#classes.set(id, typeof found === 'function' ? found : undefined);
    }
    return this.#classes.get(id);
  }
}

/**
 * The package's errors carry no data; each gets its value back, and the
 * errors of a value that is one of several forms (a quantity is a number
 * or a string like `512Mi`) become one message naming the forms.
 */
function describe(errors: readonly ErrorObject[], data: unknown): Problem[] {
  const withData = errors.map((error) => ({ ...error, data: valueAt(data, error.instancePath) }));
  const forms = new Map<string, ErrorObject[]>();
  for (const error of withData) {
    if (withData.some((e) => e.keyword === 'oneOf' && e.instancePath === error.instancePath)) {
      forms.set(error.instancePath, [...(forms.get(error.instancePath) ?? []), error]);
    }
  }
  const single = problemsFromAjv(
    withData.filter((e) => !forms.has(e.instancePath)),
    data,
  );
  const combined = [...forms].map(([pointer, group]) => ({
    path: pointerToPath(pointer, data),
    message: `expected ${alternatives(group)}, found ${brief(valueAt(data, pointer))}`,
  }));
  return [...single, ...combined];
}

function alternatives(group: readonly ErrorObject[]): string {
  const formats = group.filter((e) => e.keyword === 'format').map((e) => `a ${String((e.params as { format?: unknown }).format)} string`);
  const types = group.filter((e) => e.keyword === 'type').map((e) => `${String((e.params as { type?: unknown }).type)}`);
  const forms = [...new Set([...formats, ...types])];
  return forms.length > 0 ? forms.join(' or ') : 'one of the forms the field allows';
}

function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    value = Array.isArray(value) ? value[Number(key)] : isRecord(value) ? value[key] : undefined;
  }
  return value;
}

function withoutAnyNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAnyNulls);
  if (!isRecord(value)) return value;
  const out: Obj = {};
  for (const [key, field] of Object.entries(value)) if (field !== null) out[key] = withoutAnyNulls(field);
  return out;
}
