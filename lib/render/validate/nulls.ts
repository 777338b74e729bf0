import { isRecord } from './text.js';

type Schema = Record<string, unknown>;

/**
 * The object as the apiserver validates it: it drops `field: null` wherever
 * the CRD schema does not declare the field nullable, before it checks
 * anything. Helm templates produce such nulls all the time (`{{ .Values.x }}`
 * left unset), and they must not fail a render that `kubectl apply` accepts.
 * A required field that was null is still reported, as missing.
 *
 * Returns the same value when there is nothing to drop, and otherwise
 * copies only the containers on the way to a dropped null.
 */
export function withoutNulls(value: unknown, schema: unknown): unknown {
  if (!isRecord(schema)) return value;
  if (Array.isArray(value)) return mapArray(value, schema.items);
  if (isRecord(value)) return mapObject(value, schema);
  return value;
}

function mapObject(value: Record<string, unknown>, schema: Schema): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(value)) {
    const fieldSchema = schemaForField(schema, key);
    if (fieldSchema === undefined) continue;
    if (field === null && fieldSchema.nullable !== true) {
      copy ??= { ...value };
      delete copy[key];
      continue;
    }
    const pruned = withoutNulls(field, fieldSchema);
    if (pruned !== field) {
      copy ??= { ...value };
      copy[key] = pruned;
    }
  }
  return copy ?? value;
}

// Array elements are not dropped, only looked into: the apiserver keeps a null element and rejects it.
function mapArray(value: readonly unknown[], items: unknown): unknown[] {
  let copy: unknown[] | undefined;
  value.forEach((item, i) => {
    const pruned = withoutNulls(item, items);
    if (pruned !== item) {
      copy ??= [...value];
      copy[i] = pruned;
    }
  });
  return copy ?? (value as unknown[]);
}

function schemaForField(schema: Schema, key: string): Schema | undefined {
  const properties = schema.properties;
  if (isRecord(properties) && isRecord(properties[key])) return properties[key];
  return isRecord(schema.additionalProperties) ? schema.additionalProperties : undefined;
}
