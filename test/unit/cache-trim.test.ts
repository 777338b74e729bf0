import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trimArea } from '../../lib/render/cache-trim.js';
import { ContentCache } from '../../lib/render/cache.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-07T12:00:00Z');

// A cache area with entries of `size` bytes last used `ago` milliseconds before NOW.
function area(entries: Record<string, { size: number; ago: number }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-area-'));
  for (const [name, { size, ago }] of Object.entries(entries)) {
    writeFileSync(join(dir, name), Buffer.alloc(size));
    utimesSync(join(dir, name), (NOW - ago) / 1000, (NOW - ago) / 1000);
  }
  return dir;
}

const rules = { unusedFor: 5 * DAY, budget: 1000, every: DAY };
const left = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name !== '.trimmed')
    .sort();

describe('trimming a cache area', () => {
  it('removes entries unused for five days, then the least recently used beyond the budget', () => {
    const dir = area({
      old: { size: 10, ago: 6 * DAY },
      recent: { size: 400, ago: 1 * DAY },
      older: { size: 400, ago: 2 * DAY },
      oldest: { size: 400, ago: 3 * DAY },
      small: { size: 10, ago: 4 * DAY },
    });
    expect(trimArea(dir, rules, NOW).sort()).toEqual(['old', 'oldest', 'small']);
    expect(left(dir)).toEqual(['older', 'recent']);
  });

  it('never removes what was used within the hour, whatever the budget', () => {
    const dir = area({ a: { size: 800, ago: 10 * 60 * 1000 }, b: { size: 800, ago: 20 * 60 * 1000 }, c: { size: 800, ago: 2 * HOUR } });
    trimArea(dir, rules, NOW);
    expect(left(dir)).toEqual(['a', 'b']);
  });

  it('looks at the area at most once a day, and leaves an area that does not exist alone', () => {
    const dir = area({ stale: { size: 1, ago: 9 * DAY } });
    trimArea(dir, rules, Date.now());
    writeFileSync(join(dir, 'staler'), '');
    utimesSync(join(dir, 'staler'), 0, 0);
    expect(trimArea(dir, rules, Date.now() + HOUR)).toEqual([]);
    expect(left(dir)).toEqual(['staler']);
    expect(trimArea(dir, rules, Date.now() + DAY + HOUR)).toEqual(['staler']);
    expect(trimArea(join(dir, 'missing'), rules, NOW)).toEqual([]);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('marks a rendered manifest used when the cache finds it, so a long-kept one stays', () => {
    const cache = new ContentCache(mkdtempSync(join(tmpdir(), 'mesh-cache-')));
    cache.putRender('kept', 'kind: ConfigMap\n');
    cache.putRender('forgotten', 'kind: Secret\n');
    const week = (Date.now() - 7 * DAY) / 1000;
    for (const key of ['kept', 'forgotten']) utimesSync(join(cache.dir, 'renders', `${key}.yaml`), week, week);
    expect(cache.hasRender('kept')).toBe(true);
    cache.trimRenders();
    expect(cache.hasRender('kept')).toBe(true);
    expect(cache.readRender('kept')).toBe('kind: ConfigMap\n');
    expect(cache.hasRender('forgotten')).toBe(false);
  });
});
