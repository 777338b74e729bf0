import { Document, isScalar, visit } from 'yaml';
import { readsAsString } from './scalars.js';

/** YAML 1.1 forms some readers take for booleans, nulls, timestamps or base-60 numbers. */
const YAML11_LOOKALIKE = /^(y|yes|n|no|true|false|on|off|null|~|\d{4}-\d\d?-\d\d?([Tt ].*)?|[-+]?\d+(:[0-5]?\d)+(\.\d*)?)$/i;

/**
 * One YAML style for everything mesh writes, so output is byte-stable across
 * runs and machines: no line folding, two-space indent, plain keys. A string
 * that Kubernetes (or any YAML 1.1 reader) would read as something else
 * (`yes`, `on`, `012`, `1_000`, `2024-01-01`, `~`) is quoted, keys included,
 * so kubectl reads back exactly what mesh meant.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && isScalar(node) && !node.type?.startsWith('QUOTE') && needsQuotes(node.value)) {
        node.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2 });
}

/** Objects as one YAML stream, each document introduced by `---`. */
export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${toYaml(o)}`).join('');
}

function needsQuotes(text: string): boolean {
  return !readsAsString(text) || YAML11_LOOKALIKE.test(text);
}
