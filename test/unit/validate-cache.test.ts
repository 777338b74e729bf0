import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentCache } from '../../lib/render/cache.js';
import { exampleCrd } from '../helpers/crd.js';

type Objects = typeof import('../../lib/render/validate/objects.js');
type Validators = typeof import('../../lib/render/validate/validators.js');
type Store = typeof import('../../lib/render/crd-store.js');

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      properties: { size: { type: 'integer', minimum: 1 }, mode: { type: 'string', enum: ['fast', 'safe'] } },
    },
  },
};
const crd = exampleCrd('Widget', { schema });
const widget = (spec: Record<string, unknown>) => ({
  target: 't',
  index: 0,
  object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec },
});
const bad = [widget({ size: 0, mode: 'slow' }), widget({ mode: 'fast' })];

// Each run of mesh is a new process; a fresh module graph stands for one.
async function freshProcess(): Promise<{ objects: Objects; validators: Validators; store: Store }> {
  vi.resetModules();
  return {
    objects: await import('../../lib/render/validate/objects.js'),
    validators: await import('../../lib/render/validate/validators.js'),
    store: await import('../../lib/render/crd-store.js'),
  };
}

const dirs: string[] = [];
const cacheDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-validators-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('compiled validators in the cache', () => {
  it('a later process loads the validator instead of compiling it, and it finds the same problems', async () => {
    const cache = new ContentCache(cacheDir());
    const first = await freshProcess();
    const found = first.objects.validateObjects(bad, [crd], undefined, cache);
    first.validators.saveValidatorCode();
    expect(first.validators.compiledSchemaCount()).toBe(1);
    expect(found.map((v) => v.path).sort()).toEqual(['spec.mode', 'spec.size', 'spec.size']);
    const stored = readdirSync(join(cache.dir, 'validators'));
    expect(stored.filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    expect(stored.filter((f) => f.endsWith('.v8'))).toHaveLength(1);

    const second = await freshProcess();
    expect(second.objects.validateObjects(bad, [crd], undefined, cache)).toEqual(found);
    expect(second.validators.compiledSchemaCount()).toBe(0);
  });

  it('a damaged entry is compiled again, never trusted', async () => {
    const cache = new ContentCache(cacheDir());
    const first = await freshProcess();
    const found = first.objects.validateObjects(bad, [crd], undefined, cache);
    first.validators.saveValidatorCode();
    const validators = join(cache.dir, 'validators');
    for (const file of readdirSync(validators))
      writeFileSync(join(validators, file), file.endsWith('.cjs') ? 'module.exports = 1 +' : 'junk');

    const second = await freshProcess();
    expect(second.objects.validateObjects(bad, [crd], undefined, cache)).toEqual(found);
    expect(second.validators.compiledSchemaCount()).toBe(1);
  });

  it('a changed schema gets its own validator', async () => {
    const cache = new ContentCache(cacheDir());
    const first = await freshProcess();
    first.objects.validateObjects(bad, [crd], undefined, cache);
    const stricter = exampleCrd('Widget', { schema: { ...schema, required: ['spec'] } });
    const second = await freshProcess();
    const found = second.objects.validateObjects(
      [widget({ size: 2 }), { ...widget({}), object: { ...widget({}).object, spec: undefined } }],
      [stricter],
      undefined,
      cache,
    );
    expect(second.validators.compiledSchemaCount()).toBe(1);
    expect(found.map((v) => v.message)).toEqual(['required field "spec" is missing']);
  });
});

describe('CRDs read once', () => {
  it('a later process reads a CRD from the JSON kept in the cache, equal to the YAML', async () => {
    const cache = new ContentCache(cacheDir());
    const text =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  versions:\n    - name: v1\n      served: yes\n';
    const first = (await freshProcess()).store.readCrd(text, cache);
    expect(readdirSync(join(cache.dir, 'crds'))).toHaveLength(1);
    writeFileSync(join(cache.dir, 'crds', readdirSync(join(cache.dir, 'crds'))[0]!), JSON.stringify({ from: 'cache' }));
    expect((await freshProcess()).store.readCrd(text, cache)).toEqual({ from: 'cache' });
    expect(first).toEqual({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', versions: [{ name: 'v1', served: true }] },
    });
  });

  it('a CRD with a value JSON cannot hold is not kept, and reads right every time', async () => {
    const cache = new ContentCache(cacheDir());
    const text = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a.b\nspec:\n  x: .inf\n';
    expect((await freshProcess()).store.readCrd(text, cache)).toMatchObject({ spec: { x: Infinity } });
    expect(() => readdirSync(join(cache.dir, 'crds'))).toThrow();
  });
});
