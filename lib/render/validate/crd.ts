import type { ContentCache } from '../cache.js';
import { problemsFromAjv } from './messages.js';
import { withoutNulls } from './nulls.js';
import { validatorFor, type Compiled } from './validators.js';
import type { Problem } from '../../text/problem.js';
import { isRecord, quote } from './text.js';
import { checkRules, type RuleReport } from './cel/rules.js';

type Schema = Record<string, unknown>;

/** The CRDs of one render set, by API group and kind, and their versions' validators. */
export class CrdIndex {
  readonly #byKind = new Map<string, Schema>();
  // Keyed by the version entry itself so that each object does not re-hash its schema.
  readonly #byVersion = new Map<Schema, Compiled>();
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

  /** What the object's CRD schema rejects; nothing when no CRD in the set defines its kind. */
  problems(object: Schema): Problem[] {
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [];
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const crd = this.#byKind.get(`${group}/${kind}`);
    if (crd === undefined) return [];
    const versions = versionsOf(crd);
    const entry = versions.find((v) => v.name === version && v.served === true);
    if (entry === undefined) return [{ path: ['apiVersion'], message: unservedMessage(crd, version, versions) }];
    const openApi = isRecord(entry.schema) ? entry.schema.openAPIV3Schema : undefined;
    if (!isRecord(openApi)) return [];
    const validate = this.#validatorFor(entry, openApi, `${crdName(crd)} ${version}`);
    if ('failed' in validate) return [{ path: [], message: validate.failed }];
    const data = withoutNulls(object, openApi);
    if (!validate(data)) return problemsFromAjv(validate.errors ?? [], data);
    // The rules assume the structure holds, so they run once it does, as on the API server.
    const report: RuleReport = { ...this.rules, problems: [] };
    checkRules(openApi, data, report);
    this.rules.transitionRules = report.transitionRules;
    this.rules.evaluated = report.evaluated;
    return report.problems;
  }

  #validatorFor(entry: Schema, openApi: Schema, label: string): Compiled {
    let compiled = this.#byVersion.get(entry);
    if (compiled === undefined) {
      compiled = validatorFor(openApi, label, this.cache);
      this.#byVersion.set(entry, compiled);
    }
    return compiled;
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
