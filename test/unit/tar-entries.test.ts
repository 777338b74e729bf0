import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarFiles } from '../../lib/render/charts/tar-entries.js';

// Paths past ustar's 100-byte name field: a prefix, a PAX record or a GNU long name, depending on the format.
const LONG = `chart/charts/${'sub'.repeat(40)}/crds/${'c'.repeat(90)}.yaml`;
const files: Record<string, string> = {
  'chart/Chart.yaml': 'name: chart\n',
  'chart/crds/one.yaml': 'kind: CustomResourceDefinition\n# é, multi-byte\n',
  [LONG]: 'x'.repeat(1500),
  'chart/empty.yaml': '',
};

function archive(format: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-tar-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const out = join(dir, 'out.tar');
  execFileSync('tar', ['-c', `--format=${format}`, '-f', out, '-C', dir, ...Object.keys(files)]);
  return readFileSync(out);
}

describe('the files of a tar, read in place', () => {
  for (const format of ['gnu', 'pax', 'ustar']) {
    it(`finds every file with its path and bytes (GNU tar, ${format} format)`, () => {
      const found = tarFiles(archive(format), () => true);
      expect(found.map((f) => f.path).sort()).toEqual(Object.keys(files).sort());
      for (const file of found) expect(file.data.toString('utf8')).toBe(files[file.path]);
    });
  }

  it('leaves out what `want` refuses, and folders', () => {
    const found = tarFiles(archive('pax'), (path) => path.includes('/crds/'));
    expect(found.map((f) => f.path).sort()).toEqual(['chart/crds/one.yaml', LONG].sort());
  });

  it('stops at the end-of-archive blocks, and at the end of a truncated archive', () => {
    const truncated = tarFiles(archive('gnu').subarray(0, 512 + 100), () => true);
    expect(truncated.map((f) => [f.path, f.data.toString()])).toEqual([['chart/Chart.yaml', 'name: chart\n']]);
    expect(tarFiles(Buffer.alloc(1024), () => true)).toEqual([]);
  });
});
