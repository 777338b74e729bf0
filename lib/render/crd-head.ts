import { parseDoc } from './documents.js';

type Object = Record<string, unknown>;

// A key whose block holds a version's schema: nearly all of a CRD's bytes, and none of its head.
const SCHEMA_KEY = /^( *)(- +)?(schema|openAPIV3Schema):[ \t]*$/;

/** What of a CRD matters where its schema does not: name, group, kind, scope, served versions. */
export function crdHead(crd: Object): Object {
  const spec = (crd.spec ?? {}) as Object;
  const versions = Array.isArray(spec.versions)
    ? (spec.versions as unknown[]).map((v) => {
        const version = (v ?? {}) as Object;
        return { name: version.name, served: version.served, storage: version.storage };
      })
    : spec.versions;
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: crd.metadata,
    spec: { group: spec.group, names: spec.names, scope: spec.scope, versions },
  };
}

/** The group and kind a CRD (or its head) defines. */
export function crdGroupKind(crd: Object): { group: string; kind: string } {
  const spec = (crd.spec ?? {}) as { group?: unknown; names?: { kind?: unknown } };
  return { group: String(spec.group), kind: String(spec.names?.kind) };
}

/**
 * A CRD's head read from its YAML without reading its schemas, which YAML
 * takes a hundred times longer to read than the rest: each `schema:` block
 * is cut out by its indentation first. Undefined when what is left does not
 * read as a CRD with versions; the caller then reads the whole.
 */
export function headOfText(text: string): Object | undefined {
  let value: unknown;
  try {
    value = parseDoc(withoutSchemas(text));
  } catch {
    return undefined;
  }
  const crd = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Object) : undefined;
  const versions = (crd?.spec as { versions?: unknown } | undefined)?.versions;
  return crd && Array.isArray(versions) ? crdHead(crd) : undefined;
}

/** The text with every schema block replaced by `null`, its key kept where it was. */
export function withoutSchemas(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = SCHEMA_KEY.exec(lines[i]!);
    if (!match) {
      out.push(lines[i]!);
      continue;
    }
    const keyColumn = match[1]!.length + (match[2]?.length ?? 0);
    out.push(`${match[1]}${match[2] ?? ''}${match[3]}: null`);
    // The block is every following line indented past the key, blank lines included.
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || indentation(lines[i + 1]!) > keyColumn)) i++;
  }
  return out.join('\n');
}

function indentation(line: string): number {
  return line.length - line.trimStart().length;
}
