import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadOptions } from '../../config/load.js';
import { change, cleanUpProjects, load, project } from '../helpers/config-project.js';

cleanUpProjects();

// Every evaluation appends to count.txt: how many times the config really ran.
const CONFIG = `import { appendFileSync, readFileSync } from 'node:fs';
import { repo } from './lib/repo.ts';
appendFileSync(new URL('./count.txt', import.meta.url), 'x');
const version = readFileSync(new URL('./version.txt', import.meta.url), 'utf8').trim();
const suffix = readFileSync(${JSON.stringify('SUFFIX_PATH')}, 'utf8').trim();
export default { istio: { version: version + suffix + (process.env.VERSION_TAG ?? ''), repo } };
`;

function memoProject(): { dir: string; run: (options?: Partial<LoadOptions>) => ReturnType<typeof load>; evaluations: () => number } {
  const dir = project({ 'lib/repo.ts': "export const repo = 'https://a.example.com';\n", 'version.txt': '1.2.3\n', 'suffix.txt': '\n' });
  change(join(dir, 'mesh.config.ts'), CONFIG.replace('"SUFFIX_PATH"', JSON.stringify(join(dir, 'suffix.txt'))));
  const cacheDir = join(dir, '.cache');
  return {
    dir,
    run: (options = {}) => load(dir, { cacheDir, ...options }),
    evaluations: () => (existsSync(join(dir, 'count.txt')) ? readFileSync(join(dir, 'count.txt'), 'utf8').length : 0),
  };
}

describe('the config memo', () => {
  it('answers a second load from the cache without evaluating the config', async () => {
    const { run, evaluations } = memoProject();
    const first = await run();
    expect(first.cached).toBe(false);
    expect(first.model.istio.version).toBe('1.2.3');
    const second = await run();
    expect(second).toEqual({ ...first, cached: true });
    expect(evaluations()).toBe(1);
  });

  it('evaluates every time without a cacheDir', async () => {
    const { dir, evaluations } = memoProject();
    await load(dir);
    await load(dir);
    expect(evaluations()).toBe(2);
  });

  it.each([
    ['the config file', 'mesh.config.ts', (text: string) => text.replace('+ (process.env', "+ '-edited' + (process.env"), '1.2.3-edited'],
    ['a file it imports', 'lib/repo.ts', () => "export const repo = 'https://b.example.com';\n", '1.2.3'],
    ['a file it reads by URL', 'version.txt', () => '1.2.4\n', '1.2.4'],
    ['a file it reads by path', 'suffix.txt', () => '-rc1\n', '1.2.3-rc1'],
  ])('evaluates again when %s changes', async (_, file, edit, version) => {
    const { dir, run, evaluations } = memoProject();
    await run();
    change(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    const again = await run();
    expect(again.cached).toBe(false);
    expect(again.model.istio.version).toBe(version);
    expect(evaluations()).toBe(2);
    expect((await run()).cached).toBe(true);
  });

  it('evaluates again when a variable the config read changes, and only then', async () => {
    const { run, evaluations } = memoProject();
    await run({ env: { VERSION_TAG: '-a', UNREAD: '1' } });
    expect((await run({ env: { VERSION_TAG: '-a', UNREAD: '2' } })).cached).toBe(true);
    const again = await run({ env: { VERSION_TAG: '-b', UNREAD: '2' } });
    expect(again).toMatchObject({ cached: false, model: { istio: { version: '1.2.3-b' } } });
    expect((await run({ env: {} })).model.istio.version).toBe('1.2.3');
    expect(evaluations()).toBe(3);
  });

  it('sees a variable the config read changing in .env', async () => {
    const { dir, run } = memoProject();
    change(join(dir, '.env'), 'VERSION_TAG=-one\n');
    expect((await run()).model.istio.version).toBe('1.2.3-one');
    change(join(dir, '.env'), 'VERSION_TAG=-two\n');
    expect(await run()).toMatchObject({ cached: false, model: { istio: { version: '1.2.3-two' } } });
  });

  it('builds the model again when MESH_ISTIO_VERSION or a flag changes', async () => {
    const { run, evaluations } = memoProject();
    await run();
    const byEnv = await run({ env: { MESH_ISTIO_VERSION: '9.0.0' } });
    expect(byEnv).toMatchObject({ cached: false, model: { istio: { version: '9.0.0', origin: { version: 'env' } } } });
    const byFlag = await run({ overrides: { istioRepo: 'https://flag.example.com' } });
    expect(byFlag).toMatchObject({ cached: false, model: { istio: { repo: 'https://flag.example.com' } } });
    expect((await run({ env: { MESH_ISTIO_VERSION: '9.0.0' } })).cached).toBe(true);
    expect(evaluations()).toBe(3);
  });
});
