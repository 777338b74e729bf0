import { dirname } from 'node:path';
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

// Compiled code is only valid for the V8 and the machine that made it. No
// hash of them: the launcher runs this before anything else and would pay
// for loading node:crypto.
const platform = `v8-${process.versions.v8.replace(/[^0-9A-Za-z.]/g, '_')}-${process.arch}`;

/**
 * Runs a CommonJS source with V8's code cache for it. Node 20 compiles every
 * function of a large source (mesh's own CLI, sucrase, a CRD's validator)
 * again in each process; with the cache a later run deserializes the machine
 * code instead, several times faster. `key` must change with the source (a
 * digest of it): V8 itself checks little more than the length.
 */
export function runCommonJs(
  code: string,
  options: { filename: string; key: string; require: (id: string) => unknown; store?: CodeStore | undefined },
): LoadedCode {
  const name = `${options.key}-${platform}.v8`;
  const cachedData = options.store?.read(name);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    filename: options.filename,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    options.require,
    module,
    options.filename,
    dirname(options.filename),
  );
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
