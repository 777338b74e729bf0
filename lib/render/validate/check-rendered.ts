import type { ManifestTarget } from '../../model/targets.js';
import { MeshError } from '../../errors.js';
import { apiGroup, expandList, headerOrParse, isCrd, needsCrd, splitDocuments } from '../documents.js';
import type { ContentCache } from '../cache.js';
import { readCrdAsNeeded } from '../crd-store.js';
import { saveValidatorCode } from './validators.js';
import { BuiltinSchemas } from './builtin.js';
import type { BuiltinPackage } from './builtin-package.js';
import { readTargetDocuments } from '../doc-store.js';
import type { RenderedTarget } from '../render-target.js';
import { crdLessWarnings } from './crd-less.js';
import { duplicates } from './duplicates.js';
import { crdsIn, formatViolations, validateObjects, type ObjectRef, type Violation } from './objects.js';

/**
 * Offline checks of what a render produced: object names, objects of
 * CRD-defined kinds against the CRD's schema, and the same object defined by
 * two targets. CRDs come from everything rendered, outputs or not. Documents
 * are read as Kubernetes reads them and Lists are checked item by item.
 * Returns warnings (a repeated key, which kubectl resolves to its last value).
 */
export function checkRendered(
  outputs: readonly ManifestTarget[],
  rendered: ReadonlyMap<string, RenderedTarget>,
  options: {
    cache?: ContentCache | undefined;
    /** kubernetes-models as the project has it: built-in kinds are checked with it. */
    models?: BuiltinPackage | undefined;
    /** The project's folder: each project keeps its own targets' documents. */
    project?: string | undefined;
    /** Targets bound for clusters mesh creates (which have no CRDs but k3s's own), each with one such cluster. */
    created?: ReadonlyMap<string, string> | undefined;
  } = {},
): string[] {
  const { cache, models } = options;
  const { objects: all, crdDocs, warnings } = readAll(rendered, cache, options.project ?? '');
  const custom = all.some((ref) => needsCrd(ref.object.apiVersion));
  // CRDs are parsed only when some object has a kind one of them may define, and whole only for the kinds
  // objects use (or when built-in kinds are checked, CRDs among them); the rest need their heads alone.
  const used = new Set(all.map((ref) => `${apiGroup(String(ref.object.apiVersion ?? ''))}/${String(ref.object.kind)}`));
  const whole = (groupKind: string) => models !== undefined || used.has(groupKind);
  const parsedCrds = custom
    ? crdDocs.map((doc) => ({ target: doc.target, index: doc.index, object: readCrdAsNeeded(doc.text, whole, cache) }))
    : [];
  const crds = crdsIn([...parsedCrds, ...all]);
  const mine = new Set(outputs.map((t) => t.name));
  const objects = [...all, ...(custom ? parsedCrds : crdDocs.map(headerRef))].filter((ref) => mine.has(ref.target));
  let unsupported: ReadonlySet<string> = new Set();
  const builtins = models && new BuiltinSchemas(models);
  const checked = validateObjects(objects, crds, (rules) => (unsupported = rules.unsupported), cache, builtins);
  saveValidatorCode();
  const violations: Violation[] = [...checked, ...duplicates(objects, outputs, crds)];
  if (violations.length > 0) {
    throw new MeshError(`rendered objects are not valid:\n${indent(formatViolations(violations))}`, {
      hint: 'fix the values or objects named above; `--no-validate` skips these checks',
    });
  }
  const unchecked = [...unsupported].map((rule) => `a CRD rule cannot be checked offline, so only the API server will: ${rule}`);
  const crdLess = crdLessWarnings(objects, crds, options.created ?? new Map());
  return [...warnings.filter((w) => mine.has(w.target)).map((w) => w.text), ...unchecked, ...crdLess];
}

interface RawDoc {
  target: string;
  index: number;
  text: string;
}

function readAll(
  rendered: ReadonlyMap<string, RenderedTarget>,
  cache: ContentCache | undefined,
  project: string,
): {
  objects: ObjectRef[];
  crdDocs: RawDoc[];
  warnings: Array<{ target: string; text: string }>;
} {
  const objects: ObjectRef[] = [];
  const crdDocs: RawDoc[] = [];
  const warnings: Array<{ target: string; text: string }> = [];
  for (const target of rendered.values()) {
    const docs = splitDocuments(target.text);
    for (const doc of docs.filter(isCrd)) crdDocs.push({ target: target.name, index: doc.index, text: doc.text });
    const plain = docs.filter((doc) => !isCrd(doc));
    const read = readTargetDocuments(
      `${project}\0${target.name}`,
      plain.map((doc) => doc.text),
      cache,
    );
    plain.forEach((doc, i) => {
      const { value, duplicateKeys } = read[i]!;
      for (const key of duplicateKeys) {
        const what = describe(value);
        warnings.push({ target: target.name, text: `${target.name}: ${what}: key "${key}" is repeated; kubectl uses its last value` });
      }
      for (const item of expandList(value)) {
        if (isObject(item) && Object.keys(item).length > 0) objects.push({ target: target.name, index: doc.index, object: item });
      }
    });
  }
  return { objects, crdDocs, warnings };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  const object = isObject(value) ? value : {};
  const name = (object.metadata as { name?: unknown } | undefined)?.name;
  return `${String(object.kind ?? '(no kind)')}/${String(name ?? '(no name)')}`;
}

// Enough of a CRD to check its name without reading its schema.
function headerRef(doc: RawDoc): ObjectRef {
  const object = headerOrParse({ text: doc.text, kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1' });
  return { target: doc.target, index: doc.index, object: object && typeof object === 'object' ? (object as Record<string, unknown>) : {} };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
