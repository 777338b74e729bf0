import { parseAllDocuments } from 'yaml';
import type { ManifestTarget } from '../../config/targets.js';
import { MeshError } from '../errors.js';
import type { RenderedTarget } from './render-target.js';
import { crdsIn, formatViolations, validateObjects, type ObjectRef, type Violation } from './validate.js';

/**
 * Offline checks of what a render produced: object names, objects of
 * CRD-defined kinds against the CRD's schema, and the same object defined by
 * two targets. CRDs come from everything rendered, outputs or not.
 */
export function checkRendered(outputs: readonly ManifestTarget[], rendered: ReadonlyMap<string, RenderedTarget>): void {
  const all = [...rendered.values()].flatMap((r) => objectsOf(r));
  const mine = new Set(outputs.map((t) => t.name));
  const objects = all.filter((ref) => mine.has(ref.target));
  const violations: Violation[] = [...validateObjects(objects, crdsIn(all)), ...duplicates(objects, outputs)];
  if (violations.length > 0) {
    throw new MeshError(`rendered objects are not valid:\n${indent(formatViolations(violations))}`, {
      hint: 'fix the values or objects named above; `--no-validate` skips these checks',
    });
  }
}

function objectsOf(rendered: RenderedTarget): ObjectRef[] {
  const out: ObjectRef[] = [];
  parseAllDocuments(rendered.text).forEach((doc, index) => {
    const object = doc.toJS() as unknown;
    if (object && typeof object === 'object' && !Array.isArray(object)) {
      out.push({ target: rendered.name, index, object: object as Record<string, unknown> });
    }
  });
  return out;
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
      out.push({ target, kind, name: String(meta.name), path: 'metadata.name', message: `also defined by target ${first}; one object can only come from one target` });
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
