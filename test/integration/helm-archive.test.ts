import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { ContentCache } from '../../lib/render/cache.js';
import { archiveForHelm } from '../../lib/render/charts/helm-archive.js';
import { chartsRepoDir } from '../helpers/paths.js';

const KPS = join(chartsRepoDir, 'kube-prometheus-stack-88.5.3.tgz');

// Grafana's admin password is random unless given; with it given, two renders of one chart are identical.
const template = (archive: string) =>
  execFileSync(
    inject('helmPath'),
    ['template', 'kps', archive, '--namespace', 'monitoring', '--include-crds', '--set', 'grafana.adminPassword=fixed'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );

describe('the archive helm is given for a large chart (real helm, kube-prometheus-stack)', () => {
  it('is the original until a stored copy of the same tar exists, which helm renders identically', async () => {
    const cache = new ContentCache(mkdtempSync(join(tmpdir(), 'mesh-cache-')));
    const original = cache.putChart(KPS, 'kps-digest');
    const pending: Array<Promise<void>> = [];
    expect(archiveForHelm(cache, original, 'kps-digest', pending)).toBe(original);
    expect(pending).toHaveLength(1);
    await Promise.all(pending);

    const stored = cache.storedChartPath('kps-digest');
    expect(gunzipSync(readFileSync(stored)).equals(gunzipSync(readFileSync(original)))).toBe(true);
    // Stored, not compressed: larger than the original and about the size of its tar.
    expect(readFileSync(stored).length).toBeGreaterThan(gunzipSync(readFileSync(original)).length);

    const again: Array<Promise<void>> = [];
    expect(archiveForHelm(cache, original, 'kps-digest', again)).toBe(stored);
    expect(again).toHaveLength(0);
    expect(template(stored)).toBe(template(original));
  });

  it('stays the original for a small chart, a folder, or an archive that is not gzip, leaving no stray files', async () => {
    const cache = new ContentCache(mkdtempSync(join(tmpdir(), 'mesh-cache-')));
    const pending: Array<Promise<void>> = [];
    const small = cache.putChart(join(chartsRepoDir, 'pxc-operator-1.20.0.tgz'), 'small');
    expect(archiveForHelm(cache, small, 'small', pending)).toBe(small);
    expect(archiveForHelm(cache, chartsRepoDir, 'folder', pending)).toBe(chartsRepoDir);
    expect(pending).toHaveLength(0);

    const notGzip = join(mkdtempSync(join(tmpdir(), 'mesh-chart-')), 'broken.tgz');
    writeFileSync(notGzip, Buffer.alloc(300 * 1024, 7));
    const broken = cache.putChart(notGzip, 'broken');
    expect(archiveForHelm(cache, broken, 'broken', pending)).toBe(broken);
    await Promise.all(pending);
    expect(existsSync(cache.storedChartPath('broken'))).toBe(false);
    expect(readdirSync(join(cache.dir, 'charts')).sort()).toEqual(['broken.tgz', 'small.tgz']);
  });
});
