import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCli } from '../../lib/process/load-cli.js';

// A stand-in for dist/cli-bundle/mesh.cjs: CommonJS exporting main, with the id file the build writes.
function bundle(id: string | undefined, body = 'exports.main = async (argv) => `ran ${argv.join(" ")} in ${__filename}`;\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-bundle-'));
  const file = join(dir, 'mesh.cjs');
  writeFileSync(file, body);
  if (id !== undefined) writeFileSync(`${file}.id`, `${id} ${body.length}\n`);
  return file;
}

const ID = 'ab'.repeat(32);
const cliFiles = (cache: string) => readdirSync(join(cache, 'code')).filter((name) => name.startsWith('cli-'));

describe("the CLI bundle loaded with V8's code cache", () => {
  it('runs the bundle, keeps its compiled code per build and command when asked, and reads it back without writing again', async () => {
    const file = bundle(ID);
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const first = loadCli({ bundle: file, cacheDir: cache, command: 'render' });
    expect(await first.cli.main(['render'])).toBe(`ran render in ${file}`);
    first.save();
    const [name] = cliFiles(cache);
    expect(name).toMatch(new RegExp(`^cli-${ID}-render-v8-.+\\.v8$`));
    const written = statSync(join(cache, 'code', name!)).mtimeMs;
    const second = loadCli({ bundle: file, cacheDir: cache, command: 'render' });
    second.save();
    expect(statSync(join(cache, 'code', name!)).mtimeMs).toBe(written);
    expect(await second.cli.main(['render', '-o', 'out'])).toBe(`ran render -o out in ${file}`);
  });

  it("drops other builds' code when it keeps this build's", () => {
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    loadCli({ bundle: bundle('cd'.repeat(32)), cacheDir: cache, command: 'list' }).save();
    loadCli({ bundle: bundle(ID), cacheDir: cache, command: 'list' }).save();
    expect(cliFiles(cache)).toEqual([expect.stringMatching(new RegExp(`^cli-${ID}-list-`))]);
  });

  it('runs uncached when the id is missing or belongs to another bundle, or no cache folder is known', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const stale = bundle(ID);
    writeFileSync(stale, 'exports.main = async () => "rebuilt, id not";\n');
    for (const file of [bundle(undefined), stale]) {
      const loaded = loadCli({ bundle: file, cacheDir: cache, command: 'plan' });
      expect(await loaded.cli.main([])).toMatch(/^ran|rebuilt/);
      loaded.save();
    }
    loadCli({ bundle: bundle(ID), cacheDir: undefined, command: 'plan' }).save();
    expect(readdirSync(cache)).toEqual([]);
  });
});
