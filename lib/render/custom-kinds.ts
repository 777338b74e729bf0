import { parseDoc } from './documents.js';

/** What a CRD says of the kind it defines. */
export interface CustomKind {
  /** `plural.group`: the resource name the API serves it under. */
  resource: string;
  namespaced: boolean;
}

/** `group|Kind` -> its CRD's resource name and scope, for the CRDs among `docs`. */
export function customKinds(docs: ReadonlyArray<{ text: string; object: { kind?: string | undefined } }>): Map<string, CustomKind> {
  const kinds = new Map<string, CustomKind>();
  for (const doc of docs) {
    if (doc.object.kind !== 'CustomResourceDefinition') continue;
    const spec = (parseDoc(doc.text) as { spec?: { group?: string; scope?: string; names?: { kind?: string; plural?: string } } } | null)
      ?.spec;
    if (!spec?.group || !spec.names?.kind || !spec.names.plural) continue;
    kinds.set(`${spec.group}|${spec.names.kind}`, { resource: `${spec.names.plural}.${spec.group}`, namespaced: spec.scope !== 'Cluster' });
  }
  return kinds;
}
