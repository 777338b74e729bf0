import { createHash } from 'node:crypto';
import { Script } from 'node:vm';

/** Where V8's compiled code for a source is kept between runs. */
export interface CodeStore {
  read(name: string): Buffer | undefined;
  write(name: string, data: Uint8Array): void;
}

export interface LoadedCode {
  exports: unknown;
  /** Keeps V8's code for what has run by now, when the store did not already hold it. */
  save(): void;
}

// Compiled code is only valid for the V8 and the machine that made it.
const platform = createHash('sha256').update(`${process.versions.v8} ${process.arch}`).digest('hex').slice(0, 12);

/**
 * Runs a CommonJS source with V8's code cache for it. Node 20 compiles every
 * function of a large dependency (sucrase, a CRD's validator) again in each
 * process; with the cache a later run deserializes the machine code instead,
 * several times faster. `key` must change with the source (a digest of it):
 * V8 itself checks little more than the length.
 */
export function runCommonJs(
  code: string,
  options: { filename: string; key: string; require: (id: string) => unknown; store?: CodeStore | undefined },
): LoadedCode {
  const name = `${options.key}-${platform}.v8`;
  const cachedData = options.store?.read(name);
  const script = new Script(`(function (require, module, exports) {${code}\n})`, {
    filename: options.filename,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(options.require, module, module.exports);
  let pending = options.store !== undefined && (!cachedData || script.cachedDataRejected === true);
  return {
    exports: module.exports,
    save() {
      if (!pending) return;
      pending = false;
      options.store!.write(name, script.createCachedData());
    },
  };
}

/** The digest a source's cached code is kept under. */
export function codeKey(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
