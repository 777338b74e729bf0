import { isIP } from 'node:net';
import { isRecord } from './text.js';

type Schema = Record<string, unknown>;

/**
 * The string formats checked offline: ones the apiserver also checks, with
 * rules no stricter than its own. Any other format (`int32`, `int64`,
 * `double`, `duration`, ...) is dropped from the schema, because Ajv would
 * otherwise refuse or warn about it and the apiserver ignores most of them.
 */
export const FORMATS: Record<string, RegExp | ((value: string) => boolean)> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  uuid: /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/,
  ipv4: (value) => isIP(value) === 4,
  ipv6: (value) => isIP(value) === 6,
};

const COPIED = [
  'type',
  'enum',
  'required',
  'minimum',
  'maximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;
const STRING_MAP: Schema = { type: 'object', additionalProperties: { type: 'string' } };
// Only what mesh can check without a cluster; name and namespace rules live in validate-names.
const OBJECT_META: Schema = { properties: { labels: STRING_MAP, annotations: STRING_MAP } };

/**
 * A CRD version's `openAPIV3Schema` (Kubernetes' structural OpenAPI v3) as
 * the JSON Schema Ajv validates with, so that Ajv accepts what the
 * apiserver accepts under `kubectl apply --validate=strict`.
 */
export function toJsonSchema(openApi: Schema): Schema {
  const root = convert(openApi, false);
  const declared = isRecord(openApi.properties) && isRecord(openApi.properties.metadata) ? openApi.properties.metadata : {};
  // The apiserver owns the root's apiVersion, kind and metadata; a CRD may only narrow metadata's name.
  const narrowed = pick(convert(declared, false).properties, ['name', 'generateName']);
  const metadata = { properties: { ...(OBJECT_META.properties as Schema), ...narrowed } };
  root.properties = { ...(isRecord(root.properties) ? root.properties : {}), apiVersion: {}, kind: {}, metadata };
  return root;
}

function convert(node: unknown, inJunctor: boolean): Schema {
  if (!isRecord(node)) return {};
  const out: Schema = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  // OpenAPI 3.0's exclusive bounds are flags on minimum/maximum; JSON Schema's are the bounds themselves.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  if (typeof out.format === 'string' && !(out.format in FORMATS)) delete out.format;
  // Go's RE2 has syntax JavaScript lacks; a pattern only the apiserver can run is left to it.
  if (typeof out.pattern === 'string' && !compiles(out.pattern)) delete out.pattern;
  if (isRecord(node.properties)) out.properties = mapValues(node.properties, (p) => convert(p, inJunctor));
  if (isRecord(node.items)) out.items = convert(node.items, inJunctor);
  if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
  if (isRecord(node.additionalProperties)) out.additionalProperties = convert(node.additionalProperties, inJunctor);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches)) out[key] = branches.map((b) => convert(b, true));
  }
  if (isRecord(node.not)) out.not = convert(node.not, true);
  if (node['x-kubernetes-int-or-string'] === true) intOrString(out);
  if (node['x-kubernetes-embedded-resource'] === true) embedResource(out);
  // Junctor branches only add constraints to the structural schema around them, so they cannot close an object.
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const isObject = node.type === 'object' || isRecord(node.properties);
  if (isObject && !inJunctor && !preserve && node.additionalProperties === undefined) out.additionalProperties = false;
  if (node.nullable === true) allowNull(out);
  return out;
}

function intOrString(out: Schema): void {
  out.type = ['integer', 'string'];
  // Structural schemas repeat the two types as `anyOf`; kept, it would only double every error.
  const branches = out.anyOf;
  if (Array.isArray(branches) && branches.every((b) => isRecord(b) && Object.keys(b).every((k) => k === 'type'))) delete out.anyOf;
}

function embedResource(out: Schema): void {
  const own = isRecord(out.properties) ? out.properties : {};
  const nonEmpty = { type: 'string', minLength: 1 };
  out.properties = { ...own, apiVersion: nonEmpty, kind: nonEmpty, metadata: { type: 'object', ...OBJECT_META } };
  out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), 'apiVersion', 'kind'])];
}

function allowNull(out: Schema): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type)) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function mapValues(record: Schema, fn: (value: unknown) => Schema): Schema {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

function pick(record: unknown, keys: readonly string[]): Schema {
  return isRecord(record) ? Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, record[k]])) : {};
}
