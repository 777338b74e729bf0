import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentCache } from '../../lib/render/cache.js';
import { readTargetDocuments } from '../../lib/render/doc-store.js';
import { sha256 } from '../../lib/render/digest.js';
import { readKubeDocument } from '../../lib/yaml/read.js';

const docs = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  when: 2024-01-01\n  flag: "yes"\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels:\n    app: one\n    app: two\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: c\nspec:\n  ports:\n    - port: 80\n',
];
const store = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-docs-'));
  return { dir, cache: new ContentCache(dir) };
};
const entryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'documents', readdirSync(join(dir, 'documents'))[0]!), 'utf8'));

describe("a target's documents, kept as JSON between renders", () => {
  it('reads each document as Kubernetes does, the same with an empty store and a full one', () => {
    const { cache } = store();
    const expected = docs.map(readKubeDocument);
    expect(readTargetDocuments('app', docs, cache)).toEqual(expected);
    expect(readTargetDocuments('app', docs, cache)).toEqual(expected);
    // The repeated key is still reported when the document comes from the store.
    expect(readTargetDocuments('app', docs, cache)[1]!.duplicateKeys).toEqual(['app']);
  });

  it('takes unchanged documents from the store and reads only the changed one, keeping no stale entry', () => {
    const { dir, cache } = store();
    readTargetDocuments('app', docs, cache);
    // A stored value marks what was not read again.
    const entry = entryOf(dir);
    entry[sha256(docs[2]!)].value.metadata.name = 'from-store';
    writeFileSync(join(dir, 'documents', readdirSync(join(dir, 'documents'))[0]!), JSON.stringify(entry));
    const changed = [docs[0]!, docs[1]!.replace('name: b', 'name: b2'), docs[2]!];
    const read = readTargetDocuments('app', changed, cache);
    expect((read[2]!.value as { metadata: { name: string } }).metadata.name).toBe('from-store');
    expect((read[1]!.value as { metadata: { name: string } }).metadata.name).toBe('b2');
    expect(Object.keys(entryOf(dir)).sort()).toEqual(changed.map(sha256).sort());
  });

  it('keeps targets apart, and reads YAML again when the store is damaged', () => {
    const { dir, cache } = store();
    readTargetDocuments('one', docs, cache);
    readTargetDocuments('two', docs.slice(0, 1), cache);
    expect(readdirSync(join(dir, 'documents'))).toHaveLength(2);
    for (const file of readdirSync(join(dir, 'documents'))) writeFileSync(join(dir, 'documents', file), '{not json');
    expect(readTargetDocuments('one', docs, cache)).toEqual(docs.map(readKubeDocument));
  });

  it('never stores a value JSON cannot hold', () => {
    const { dir, cache } = store();
    const infinite = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inf\nspec:\n  limit: .inf\n';
    const [read] = readTargetDocuments('app', [infinite], cache);
    expect((read!.value as { spec: { limit: number } }).spec.limit).toBe(Infinity);
    expect(entryOf(dir)).toEqual({});
    expect((readTargetDocuments('app', [infinite], cache)[0]!.value as { spec: { limit: number } }).spec.limit).toBe(Infinity);
  });
});
