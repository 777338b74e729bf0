import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastRender } from '../../lib/render/fast/fast-path.js';
import { recordStamp } from '../../lib/render/fast/record.js';
import { stampKey, stampPath, stampQuestion } from '../../lib/render/fast/stamp.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-stamp-'));
  const config = join(dir, 'mesh.config.ts');
  const entry = join(dir, 'entry.js');
  writeFileSync(config, 'export default {};\n');
  writeFileSync(entry, '// the CLI bundle\n');
  const cacheDir = join(dir, 'cache');
  const question = { argv: ['render'], cwd: dir, color: false };
  recordStamp({
    cacheDir,
    ...question,
    env: { PATH: '/usr/bin' },
    entry,
    configEnv: [],
    files: [config],
    charts: [],
    helm: undefined,
    outDir: join(dir, 'result'),
    stdout: 'result/ is up to date: app\n',
    stderr: '',
  });
  const printed: string[] = [];
  const ask = (argv = question.argv) =>
    fastRender({ ...question, argv, env: { PATH: '/usr/bin' }, cacheDir, entry, write: (out, err) => printed.push(out + err) });
  return { dir, config, cacheDir, question, printed, ask };
}

describe('the stamp of an unchanged render', () => {
  it('answers the same question with what the run printed, and nothing else', () => {
    const { ask, printed } = setup();
    expect(ask()).toBe(true);
    expect(printed).toEqual(['result/ is up to date: app\n']);
    expect(ask(['render', 'app'])).toBe(false);
  });

  it('is used only for the question it holds, whatever file name it was found under', () => {
    const { ask, cacheDir, question } = setup();
    const file = stampPath(cacheDir, stampKey(stampQuestion(question.argv, question.cwd, question.color)));
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as { question: string };
    // Another question that would have been given the same name.
    writeFileSync(file, JSON.stringify({ ...stamp, question: stampQuestion(['render', '--out', 'elsewhere'], question.cwd, false) }));
    expect(ask()).toBe(false);
  });

  it('is void once a file it lists changes', () => {
    const { ask, config } = setup();
    writeFileSync(config, 'export default { packages: {} };\n');
    expect(ask()).toBe(false);
  });

  it('names questions apart', () => {
    const keys = new Set(Array.from({ length: 2000 }, (_, i) => stampKey(stampQuestion(['render', `t${i}`], '/p', i % 2 === 0))));
    expect(keys.size).toBe(2000);
    expect([...keys].every((k) => /^[0-9a-f]{16}$/.test(k))).toBe(true);
  });
});
