import { stringify } from 'yaml';

/**
 * One YAML style for everything mesh writes, so output is byte-stable across
 * runs and machines: no line folding, two-space indent, plain keys.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
}

/** Joins YAML documents into one multi-document stream. */
export function joinDocuments(documents: readonly string[]): string {
  return documents
    .map((doc) => doc.replace(/^---\n/, '').replace(/\n*$/, '\n'))
    .filter((doc) => doc.trim() !== '')
    .map((doc) => `---\n${doc}`)
    .join('');
}
