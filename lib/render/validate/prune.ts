import { isRecord } from './text.js';

type Schema = Record<string, unknown>;

/** Where a set of objects has values: the keys of each mapping and the items of each list, merged over all objects. */
export interface Shape {
  keys?: Map<string, Shape>;
  items?: Shape;
}

/** Adds one value's places to a shape. */
export function addShape(shape: Shape, value: unknown): Shape {
  if (Array.isArray(value)) {
    shape.items ??= {};
    for (const item of value) addShape(shape.items, item);
  } else if (isRecord(value)) {
    shape.keys ??= new Map();
    for (const [key, field] of Object.entries(value)) {
      let child = shape.keys.get(key);
      if (child === undefined) shape.keys.set(key, (child = {}));
      addShape(child, field);
    }
  }
  return shape;
}

/**
 * The part of a structural schema that objects of `shape` can reach. A
 * schema node under a field no object sets is never evaluated, so replacing
 * it with `{}` changes no verdict and no message, while a large CRD
 * (kube-prometheus-stack's Prometheus has thousands of nodes) compiles to a
 * validator of the few fields a chart sets. Property names stay, so an
 * unknown field is still reported, with its did-you-mean.
 */
export function pruneSchema(schema: unknown, shape: Shape): Schema {
  if (!isRecord(schema)) return {};
  const out: Schema = { ...schema };
  const properties = isRecord(schema.properties) ? schema.properties : undefined;
  if (properties) {
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([key, child]) => {
        const reached = shape.keys?.get(key);
        return [key, reached === undefined ? {} : pruneSchema(child, reached)];
      }),
    );
  }
  if (isRecord(schema.additionalProperties)) {
    const extra: Shape = {};
    for (const [key, child] of shape.keys ?? []) if (!properties || !(key in properties)) merge(extra, child);
    out.additionalProperties = hasKeysOutside(shape, properties) ? pruneSchema(schema.additionalProperties, extra) : {};
  }
  if (isRecord(schema.items)) out.items = shape.items === undefined ? {} : pruneSchema(schema.items, shape.items);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) out[key] = branches.map((branch) => pruneSchema(branch, shape));
  }
  if (isRecord(schema.not)) out.not = pruneSchema(schema.not, shape);
  return out;
}

function hasKeysOutside(shape: Shape, properties: Schema | undefined): boolean {
  for (const key of shape.keys?.keys() ?? []) if (!properties || !(key in properties)) return true;
  return false;
}

function merge(into: Shape, from: Shape): void {
  if (from.items) merge((into.items ??= {}), from.items);
  for (const [key, child] of from.keys ?? []) {
    let target = into.keys?.get(key);
    if (target === undefined) (into.keys ??= new Map()).set(key, (target = {}));
    merge(target, child);
  }
}
