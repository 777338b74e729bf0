import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import ajvPackage from 'ajv/package.json' with { type: 'json' };
import { codeStore, type ContentCache } from '../cache.js';
import { runCommonJs, type LoadedCode } from '../../process/code-cache.js';
import { sha256 } from '../digest.js';
import { FORMATS, toJsonSchema } from './schema.js';
import { ajvParts, saveAjvCode, type AjvParts } from './ajv-load.js';

type Schema = Record<string, unknown>;
export type Compiled = ValidateFunction | { failed: string };

const require = createRequire(import.meta.url);
// The same schema arrives in every target that renders the same CRDs.
const inProcess = new Map<string, Compiled>();
// Validators whose machine code is worth keeping once they have run.
const unsaved: LoadedCode[] = [];
let compiledCount = 0;
let ajv: Ajv | undefined;

/** How many schemas this process has compiled; tests use it to prove each is compiled once. */
export function compiledSchemaCount(): number {
  return compiledCount;
}

/**
 * The validator of one CRD version's schema, usually pruned to the fields
 * the objects set (see prune.ts). Compiling still costs more than
 * validating, so Ajv's generated code is kept in the cache under the digest
 * of the JSON Schema it came from and Ajv's version, with V8's code cache
 * for it, and a later run only loads it. Every run validates with the generated
 * code, so a cached validator is the same one a fresh compile gives.
 */
export function validatorFor(openApi: Schema, label: string, cache?: ContentCache): Compiled {
  const jsonSchema = toJsonSchema(openApi);
  const key = sha256(`ajv ${ajvVersion()}\0${JSON.stringify(jsonSchema)}`);
  let compiled = inProcess.get(key);
  if (compiled !== undefined) return compiled;
  let code = cache?.readEntry('validators', `${key}.cjs`);
  compiled = code === undefined ? undefined : load(code, key, cache);
  if (compiled === undefined) {
    compiledCount += 1;
    try {
      code = generate(jsonSchema, cache?.dir);
      cache?.putEntry('validators', `${key}.cjs`, code);
      compiled = load(code, key, cache) ?? { failed: `cannot check against the CRD schema of ${label}: its validator does not load` };
    } catch (error) {
      // A schema Ajv cannot compile says nothing about the object, so say so once per object rather than guess.
      compiled = { failed: `cannot check against the CRD schema of ${label}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  inProcess.set(key, compiled);
  return compiled;
}

/** Keeps V8's code for the validators that ran, so the next run neither compiles nor parses them. */
export function saveValidatorCode(): void {
  for (const loaded of unsaved.splice(0)) loaded.save();
  saveAjvCode();
}

function generate(jsonSchema: Schema, cacheDir: string | undefined): string {
  const { compiler, standalone } = prepareCompiler(cacheDir);
  return standalone(compiler, compiler.compile(jsonSchema));
}

/** Ajv loaded and set up: on the first compile, or earlier by a caller with time to spare (chart-crds.ts). */
export function prepareCompiler(cacheDir?: string): { compiler: Ajv; standalone: AjvParts['standalone'] } {
  const { Ajv: AjvClass, _, standalone } = ajvParts(cacheDir);
  // `verbose` puts the data and schema on each error, which the messages need; `allErrors` reports every problem at once.
  // One optimisation pass is most of the gain at half the cost.
  ajv ??= new AjvClass({
    strict: false,
    allErrors: true,
    verbose: true,
    unicodeRegExp: false,
    formats: FORMATS,
    code: { source: true, optimize: 1, formats: _`require("mesh:formats")` },
  });
  return { compiler: ajv, standalone };
}

// Generated code needs only Ajv's small runtime helpers and mesh's formats; nothing else is handed to it.
function load(code: string, key: string, cache?: ContentCache): ValidateFunction | undefined {
  try {
    const loaded = runCommonJs(code, {
      filename: `validator-${key.slice(0, 12)}.cjs`,
      key,
      store: cache && codeStore(cache, 'validators'),
      require: (id) => (id === 'mesh:formats' ? FORMATS : require(id.startsWith('ajv/dist/runtime/') ? id : 'mesh:refused')),
    });
    unsaved.push(loaded);
    const validate = (loaded.exports as { default?: unknown }).default;
    return typeof validate === 'function' ? (validate as ValidateFunction) : undefined;
  } catch {
    // A damaged entry costs a compile, never a wrong answer.
    return undefined;
  }
}

function ajvVersion(): string {
  return ajvPackage.version;
}
