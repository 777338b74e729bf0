import { stringify } from 'yaml';

/**
 * One YAML style for everything mesh writes, so output is byte-stable across
 * runs and machines: no line folding, two-space indent, plain keys.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
}

/** Objects as one YAML stream, each document introduced by `---`. */
export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${toYaml(o)}`).join('');
}
