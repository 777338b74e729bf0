import type { ContentCache } from '../cache.js';
import { problemsFromAjv } from './messages.js';
import { withoutNulls } from './nulls.js';
import { validatorFor, type Compiled } from './validators.js';
import type { Problem } from '../../text/problem.js';
import { isRecord, quote } from './text.js';
import { checkRules, type RuleReport } from './cel/rules.js';
import { addShape, pruneSchema, type Shape } from './prune.js';

type Schema = Record<string, unknown>;
interface Group {
  shape: Shape;
  compiled?: Compiled;
}

/** The CRDs of one render set, by API group and kind, and their versions' validators. */
export class CrdIndex {
  readonly #byKind = new Map<string, Schema>();
  // By CRD version entry: the fields of the objects checked against it, and the validator for them.
  readonly #groups = new Map<Schema, Group>();
  readonly #prepared = new WeakMap<Schema, { data: unknown; group: Group }>();
  /** What the CEL rules left unchecked across every object this index saw. */
  readonly rules: Omit<RuleReport, 'problems'> = { unsupported: new Set(), transitionRules: 0, evaluated: 0 };

  constructor(
    crds: readonly Schema[],
    private readonly cache?: ContentCache,
  ) {
    for (const crd of crds) {
      const spec = isRecord(crd.spec) ? crd.spec : {};
      const names = isRecord(spec.names) ? spec.names : {};
      const key = `${String(spec.group)}/${String(names.kind)}`;
      if (!this.#byKind.has(key)) this.#byKind.set(key, crd);
    }
  }

  /**
   * Notes the objects that will be checked together, so that each CRD
   * version compiles one validator for the fields all of them set.
   */
  prepare(objects: readonly Schema[]): void {
    for (const object of objects) {
      if (this.#prepared.has(object)) continue;
      const found = this.#schemaOf(object);
      if (found === undefined || 'problem' in found) continue;
      const data = withoutNulls(object, found.openApi);
      let group = this.#groups.get(found.entry);
      // A validator already compiled knows only the fields of the objects before it.
      if (group === undefined || group.compiled !== undefined) this.#groups.set(found.entry, (group = { shape: {} }));
      addShape(group.shape, data);
      this.#prepared.set(object, { data, group });
    }
  }

  /** What the object's CRD schema rejects; nothing when no CRD in the set defines its kind. */
  problems(object: Schema): Problem[] {
    const found = this.#schemaOf(object);
    if (found === undefined) return [];
    if ('problem' in found) return [found.problem];
    this.prepare([object]);
    const { data, group } = this.#prepared.get(object)!;
    group.compiled ??= validatorFor(pruneSchema(found.openApi, group.shape), found.label, this.cache);
    const validate = group.compiled;
    if ('failed' in validate) return [{ path: [], message: validate.failed }];
    if (!validate(data)) return problemsFromAjv(validate.errors ?? [], data);
    // The rules assume the structure holds, so they run once it does, as on the API server.
    const report: RuleReport = { ...this.rules, problems: [] };
    checkRules(found.openApi, data, report);
    this.rules.transitionRules = report.transitionRules;
    this.rules.evaluated = report.evaluated;
    return report.problems;
  }

  #schemaOf(object: Schema): { entry: Schema; openApi: Schema; label: string } | { problem: Problem } | undefined {
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const crd = this.#byKind.get(`${group}/${kind}`);
    if (crd === undefined) return undefined;
    const versions = versionsOf(crd);
    const entry = versions.find((v) => v.name === version && v.served === true);
    if (entry === undefined) return { problem: { path: ['apiVersion'], message: unservedMessage(crd, version, versions) } };
    const openApi = isRecord(entry.schema) ? entry.schema.openAPIV3Schema : undefined;
    return isRecord(openApi) ? { entry, openApi, label: `${crdName(crd)} ${version}` } : undefined;
  }
}

function versionsOf(crd: Schema): Schema[] {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  return Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
}

function unservedMessage(crd: Schema, version: string, versions: readonly Schema[]): string {
  const served = versions.filter((v) => v.served === true).map((v) => String(v.name));
  const list = served.length > 0 ? `served versions: ${served.join(', ')}` : 'it serves no versions';
  return `version ${quote(version)} is not served by CustomResourceDefinition ${crdName(crd)}; ${list}`;
}

function crdName(crd: Schema): string {
  return isRecord(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : '(unnamed)';
}
