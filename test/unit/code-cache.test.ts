import { describe, expect, it } from 'vitest';
import { runCommonJs, type CodeStore } from '../../lib/process/code-cache.js';
import { sha256 } from '../../lib/render/digest.js';

function recordingStore(): CodeStore & { files: Map<string, Buffer>; writes: number } {
  const files = new Map<string, Buffer>();
  const store = {
    files,
    writes: 0,
    read: (name: string) => files.get(name),
    write: (name: string, data: Uint8Array) => {
      store.writes += 1;
      files.set(name, Buffer.from(data));
    },
  };
  return store;
}

const source = (n: number) => `const path = require('node:path');\nexports.twice = (x) => x * ${n};\nexports.sep = path.sep;\n`;
// V8 answers a source it compiled before in this process from memory, without looking at the cache: each run is a file of its own.
let runs = 0;
const run = (code: string, store?: CodeStore) =>
  runCommonJs(code, { filename: `test-${(runs += 1)}.cjs`, key: sha256(code), require, store });

describe("CommonJS run with V8's code cache", () => {
  it('runs the source as a CommonJS module, with the require it is given', () => {
    const { exports } = runCommonJs(`${source(2)}exports.where = [__filename, __dirname];\n`, {
      filename: '/somewhere/code.cjs',
      key: 'k',
      require,
    });
    expect((exports as { where: string[] }).where).toEqual(['/somewhere/code.cjs', '/somewhere']);
    expect((exports as { twice: (x: number) => number }).twice(21)).toBe(42);
    expect((exports as { sep: string }).sep).toBe('/');
  });

  it('keeps the compiled code once, and a later run uses it without writing again', () => {
    const store = recordingStore();
    const first = run(source(3), store);
    expect(store.writes).toBe(0);
    first.save();
    first.save();
    expect(store.writes).toBe(1);
    const [name] = [...store.files.keys()];
    expect(name).toBe(`${sha256(source(3))}-v8-${process.versions.v8.replace(/[^0-9A-Za-z.]/g, '_')}-${process.arch}.v8`);
    const second = run(source(3), store);
    second.save();
    expect(store.writes).toBe(1);
    expect((second.exports as { twice: (x: number) => number }).twice(2)).toBe(6);
  });

  it('replaces code V8 refuses, and keeps another source under its own key', () => {
    const store = recordingStore();
    run(source(4), store).save();
    const [name] = [...store.files.keys()];
    store.files.set(name!, Buffer.from('not code'));
    const again = run(source(4), store);
    expect((again.exports as { twice: (x: number) => number }).twice(1)).toBe(4);
    again.save();
    expect(store.files.get(name!)!.toString()).not.toBe('not code');
    run(source(5), store).save();
    expect(store.files.size).toBe(2);
  });
});
