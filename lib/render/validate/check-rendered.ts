import type { ManifestTarget } from '../../model/targets.js';
import { MeshError } from '../../errors.js';
import { headerOrParse, isCrd, needsCrd, parseDoc, splitDocuments } from '../documents.js';
import type { RenderedTarget } from '../render-target.js';
import { crdsIn, formatViolations, validateObjects, type ObjectRef, type Violation } from './objects.js';

/**
 * Offline checks of what a render produced: object names, objects of
 * CRD-defined kinds against the CRD's schema, and the same object defined by
 * two targets. CRDs come from everything rendered, outputs or not.
 */
export function checkRendered(outputs: readonly ManifestTarget[], rendered: ReadonlyMap<string, RenderedTarget>): void {
  const { objects: all, crdDocs } = readAll(rendered);
  const custom = all.some((ref) => needsCrd(ref.object.apiVersion));
  // CRDs are parsed only when some object has a kind one of them may define.
  const crds = custom ? crdsIn(crdDocs.map(parseRef)) : [];
  const mine = new Set(outputs.map((t) => t.name));
  const objects = [...all, ...crdDocs.map((d) => (custom ? parseRef(d) : headerRef(d)))].filter((ref) => mine.has(ref.target));
  const violations: Violation[] = [...validateObjects(objects, crds), ...duplicates(objects, outputs)];
  if (violations.length > 0) {
    throw new MeshError(`rendered objects are not valid:\n${indent(formatViolations(violations))}`, {
      hint: 'fix the values or objects named above; `--no-validate` skips these checks',
    });
  }
}

interface RawDoc {
  target: string;
  index: number;
  text: string;
}

function readAll(rendered: ReadonlyMap<string, RenderedTarget>): { objects: ObjectRef[]; crdDocs: RawDoc[] } {
  const objects: ObjectRef[] = [];
  const crdDocs: RawDoc[] = [];
  for (const target of rendered.values()) {
    for (const doc of splitDocuments(target.text)) {
      const raw = { target: target.name, index: doc.index, text: doc.text };
      if (isCrd(doc)) crdDocs.push(raw);
      else {
        const ref = parseRef(raw);
        if (Object.keys(ref.object).length > 0) objects.push(ref);
      }
    }
  }
  return { objects, crdDocs };
}

function parseRef(doc: RawDoc): ObjectRef {
  const object = parseDoc(doc.text);
  return {
    target: doc.target,
    index: doc.index,
    object: object && typeof object === 'object' && !Array.isArray(object) ? (object as Record<string, unknown>) : {},
  };
}

// Enough of a CRD to check its name without reading its schema.
function headerRef(doc: RawDoc): ObjectRef {
  const object = headerOrParse({ text: doc.text, kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1' });
  return { target: doc.target, index: doc.index, object: object && typeof object === 'object' ? (object as Record<string, unknown>) : {} };
}

function duplicates(objects: readonly ObjectRef[], targets: readonly ManifestTarget[]): Violation[] {
  const namespaceOf = new Map(targets.map((t) => [t.name, t.namespaces[0] ?? '']));
  const seen = new Map<string, string>();
  const out: Violation[] = [];
  for (const { target, object } of objects) {
    const meta = (object.metadata ?? {}) as { name?: string; namespace?: string };
    const kind = String(object.kind);
    const group = String(object.apiVersion).split('/').slice(0, -1).join('/');
    const id = `${group}|${kind}|${meta.namespace ?? namespaceOf.get(target)}|${meta.name}`;
    const first = seen.get(id);
    if (first !== undefined && first !== target) {
      out.push({
        target,
        kind,
        name: String(meta.name),
        path: 'metadata.name',
        message: `also defined by target ${first}; one object can only come from one target`,
      });
    } else seen.set(id, target);
  }
  return out;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
