import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { problemsFromAjv } from './messages.js';
import { withoutNulls } from './nulls.js';
import { FORMATS, toJsonSchema } from './schema.js';
import type { Problem } from '../../text/problem.js';
import { isRecord, quote } from './text.js';
import { checkRules, type RuleReport } from './cel/rules.js';

type Schema = Record<string, unknown>;
type Compiled = ValidateFunction | { failed: string };

// Compiling a large CRD schema costs far more than validating with it, and
// the same Istio CRDs arrive in every target that renders the base chart.
const compiledByHash = new Map<string, Compiled>();
let compiledCount = 0;
let ajv: Ajv | undefined;

/** How many schemas this process has compiled; tests use it to prove each is compiled once. */
export function compiledSchemaCount(): number {
  return compiledCount;
}

/** The CRDs of one render set, by API group and kind, and their versions' validators. */
export class CrdIndex {
  readonly #byKind = new Map<string, Schema>();
  // Keyed by the version entry itself so that each object does not re-hash its schema.
  readonly #byVersion = new Map<Schema, Compiled>();
  /** What the CEL rules left unchecked across every object this index saw. */
  readonly rules: Omit<RuleReport, 'problems'> = { unsupported: new Set(), transitionRules: 0, evaluated: 0 };

  constructor(crds: readonly Schema[]) {
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
      compiled = compile(openApi, label);
      this.#byVersion.set(entry, compiled);
    }
    return compiled;
  }
}

function compile(openApi: Schema, label: string): Compiled {
  const hash = createHash('sha256').update(JSON.stringify(openApi)).digest('hex');
  let compiled = compiledByHash.get(hash);
  if (compiled === undefined) {
    compiledCount += 1;
    try {
      compiled = shared().compile(toJsonSchema(openApi));
    } catch (error) {
      // A schema Ajv cannot compile says nothing about the object, so say so once per object rather than guess.
      compiled = { failed: `cannot check against the CRD schema of ${label}: ${error instanceof Error ? error.message : String(error)}` };
    }
    compiledByHash.set(hash, compiled);
  }
  return compiled;
}

function shared(): Ajv {
  // `verbose` puts the data and schema on each error, which the messages need; `allErrors` reports every problem at once.
  // Loaded on first use: most renders have no custom resources to check.
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  ajv ??= new AjvClass({ strict: false, allErrors: true, verbose: true, unicodeRegExp: false, formats: FORMATS });
  return ajv;
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
