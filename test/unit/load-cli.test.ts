import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCli } from '../../lib/process/load-cli.js';
import { besideProgram } from '../../lib/process/program-code.js';

// A stand-in for dist/cli-bundle/mesh.cjs: CommonJS exporting main, with the id file the build writes.
function bundle(id: string | undefined, body = 'exports.main = async (argv) => `ran ${argv.join(" ")} in ${__filename}`;\n'): string {
  const dist = join(mkdtempSync(join(tmpdir(), 'mesh-install-')), 'dist');
  mkdirSync(join(dist, 'cli-bundle'), { recursive: true });
  const file = join(dist, 'cli-bundle', 'mesh.cjs');
  writeFileSync(file, body);
  if (id !== undefined) writeFileSync(`${file}.id`, `${id} ${body.length}\n`);
  return file;
}

const ID = 'ab'.repeat(32);
const beside = (file: string) => join(file, '..', '..', '.code-cache');
const cliFiles = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('cli-'));

describe("the CLI bundle loaded with V8's code cache", () => {
  it('runs the bundle, keeps its compiled code beside it per build and command, and reads it back without writing again', async () => {
    const file = bundle(ID);
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const first = loadCli({ bundle: file, cacheDir: cache, command: 'render' });
    expect(await first.cli.main(['render'])).toBe(`ran render in ${file}`);
    first.save();
    const [name] = cliFiles(beside(file));
    expect(name).toMatch(new RegExp(`^cli-${ID}-render-v8-.+\\.v8$`));
    const written = statSync(join(beside(file), name!)).mtimeMs;
    const second = loadCli({ bundle: file, cacheDir: cache, command: 'render' });
    second.save();
    expect(statSync(join(beside(file), name!)).mtimeMs).toBe(written);
    expect(await second.cli.main(['render', '-o', 'out'])).toBe(`ran render -o out in ${file}`);
    expect(readdirSync(cache)).toEqual([]);
  });

  it("keeps it in mesh's cache folder where the install cannot be written, and drops other builds' code there", () => {
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    for (const id of ['cd'.repeat(32), ID]) {
      const file = bundle(id);
      writeFileSync(beside(file), 'a file where the folder would go');
      loadCli({ bundle: file, cacheDir: cache, command: 'list' }).save();
    }
    expect(cliFiles(join(cache, 'code'))).toEqual([expect.stringMatching(new RegExp(`^cli-${ID}-list-`))]);
  });

  it('runs uncached when the id is missing or belongs to another bundle', async () => {
    const stale = bundle(ID);
    writeFileSync(stale, 'exports.main = async () => "rebuilt, id not";\n');
    for (const file of [bundle(undefined), stale]) {
      const loaded = loadCli({ bundle: file, cacheDir: undefined, command: 'plan' });
      expect(await loaded.cli.main([])).toMatch(/^ran|rebuilt/);
      loaded.save();
      expect(() => readdirSync(beside(file))).toThrow();
    }
  });

  it('keeps the code of what the bundle loads (jiti, sucrase) beside the bundle too, and none beside sources', () => {
    expect(besideProgram('file:///opt/mesh/dist/cli-bundle/mesh.cjs')).toBe('/opt/mesh/dist/.code-cache');
    expect(besideProgram(import.meta.url)).toBeUndefined();
  });
});
