import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preloadCommonJs } from '../../lib/process/cached-require.js';
import type { CodeStore } from '../../lib/process/code-cache.js';

function memoryStore(): CodeStore & { files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  return { files, read: (name) => files.get(name), write: (name, data) => void files.set(name, Buffer.from(data)) };
}

// A package whose entry requires its one large file, as jiti's lib/jiti.cjs requires dist/jiti.cjs.
function fakePackage(): { entry: string; bundle: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-preload-'));
  mkdirSync(join(dir, 'dist'));
  const bundle = join(dir, 'dist', 'big.cjs');
  writeFileSync(
    bundle,
    "exports.loads = (exports.loads ?? 0) + 1;\nexports.where = __filename;\nexports.path = require('node:path').sep;\n",
  );
  const entry = join(dir, 'index.cjs');
  writeFileSync(entry, "module.exports = { big: require('./dist/big.cjs') };\n");
  return { entry, bundle };
}

describe('a CommonJS file preloaded with V8 code cache', () => {
  it("is what its package's own require gets: run once, as a module of that file", () => {
    const { entry, bundle } = fakePackage();
    const store = memoryStore();
    const loaded = preloadCommonJs(bundle, store)!;
    const { big } = createRequire(entry)(entry) as { big: { loads: number; where: string; path: string } };
    expect(big).toBe(loaded.exports);
    expect(big).toEqual({ loads: 1, where: bundle, path: '/' });
    expect(store.files.size).toBe(0);
    loaded.save();
    expect(store.files.size).toBe(1);
  });

  it('changes nothing when the file is loaded already or cannot be read', () => {
    const { entry, bundle } = fakePackage();
    const first = createRequire(entry)(entry) as { big: unknown };
    expect(preloadCommonJs(bundle, memoryStore())).toBeUndefined();
    expect((createRequire(entry)(entry) as { big: unknown }).big).toBe(first.big);
    expect(preloadCommonJs(join(tmpdir(), 'mesh-no-such-file.cjs'), memoryStore())).toBeUndefined();
  });
});
