import * as JsYaml from 'js-yaml';
import { kubeScalar, type KubeScalar } from './scalars.js';

/** A document as Kubernetes reads it, and the mapping keys it repeats (the last value won). */
export interface ReadDocument {
  value: unknown;
  /** `metadata.labels.app` style paths of repeated keys, as far as they could be told; empty when none. */
  duplicateKeys: string[];
}

type Kind = 'null' | 'bool' | 'int' | 'float';

let schema: JsYaml.Schema | undefined;

/**
 * Reads one YAML document by Kubernetes' rules (see scalars.ts). js-yaml
 * does the parsing, being several times faster than the `yaml` package on
 * megabytes of chart output; its scalar types are replaced by Kubernetes'
 * own. A repeated mapping key is not an error, as kubectl takes the last
 * value; it is reported so the caller can warn.
 */
export function readKubeDocument(text: string): ReadDocument {
  schema ??= kubeSchema(JsYaml);
  try {
    return { value: JsYaml.load(text, { schema }), duplicateKeys: [] };
  } catch (error) {
    if (!(error instanceof JsYaml.YAMLException) || !error.reason.startsWith('duplicated mapping key')) throw error;
    // `json: true` is js-yaml's "the last key wins", kubectl's rule.
    return { value: JsYaml.load(text, { schema, json: true }), duplicateKeys: [keyAt(text, error.mark.position)] };
  }
}

/** The value of one document, by Kubernetes' rules; repeated keys take the last value. */
export function parseDoc(text: string): unknown {
  return readKubeDocument(text).value;
}

function kubeSchema(js: typeof JsYaml): JsYaml.Schema {
  let lastText: string | undefined;
  let lastValue: KubeScalar = null;
  const read = (text: string): KubeScalar => {
    if (text !== lastText) [lastText, lastValue] = [text, kubeScalar(text)];
    return lastValue;
  };
  const kindOf = (value: KubeScalar, text: string): Kind | 'str' => {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return 'bool';
    if (typeof value === 'number') return Number.isInteger(value) && !/[.eE]|^[-+]?\.?(inf|nan)$/i.test(text) ? 'int' : 'float';
    return 'str';
  };
  const type = (kind: Kind) =>
    new js.Type(`tag:yaml.org,2002:${kind}`, {
      kind: 'scalar',
      resolve: (data: string | null) => kindOf(read(data ?? ''), data ?? '') === kind,
      construct: (data: string | null) => read(data ?? ''),
    });
  // `<<` merges a mapping into another, as go-yaml v2 does; js-yaml acts on the tag.
  const merge = new js.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: string | null) => data === '<<' });
  return js.FAILSAFE_SCHEMA.extend({ implicit: [type('null'), type('bool'), type('int'), type('float'), merge] });
}

/** The key written at `position`: js-yaml points its duplicate-key error at the repeated key. */
function keyAt(text: string, position: number): string {
  const rest = text.slice(position);
  const match = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:\n#]+?))\s*:/.exec(rest);
  return (match?.[1] ?? match?.[2]?.replace(/''/g, "'") ?? match?.[3] ?? rest.split('\n')[0] ?? '').trim();
}
