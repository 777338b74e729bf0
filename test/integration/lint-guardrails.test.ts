import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = (name: string) => join(projectRoot, 'node_modules', '.bin', name);

async function exitOf(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

// `npm run lint` runs these two checks with the project's own configs; here
// they meet a deliberately broken tree, so a guardrail that stopped guarding shows.
describe('the lint guardrails, on a tree with deliberate mistakes', () => {
  let dir: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mesh-lint-'));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cruise = () => exitOf(bin('depcruise'), ['.', '--config', join(projectRoot, '.dependency-cruiser.cjs')], dir);

  it('refuses an import cycle, naming the files in it', async () => {
    write('lib/a.ts', "import { b } from './b.js';\nexport const a = () => b;\n");
    write('lib/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
    const { code, output } = await cruise();
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-cycles: lib\/a\.ts/);
  });

  it('refuses lib/ importing from tasks/', async () => {
    write('tasks/run.ts', 'export const run = 1;\n');
    write('lib/uses-task.ts', "import { run } from '../tasks/run.js';\nexport const x = run;\n");
    const { code, output } = await cruise();
    expect(code).not.toBe(0);
    expect(output).toContain('lib-stays-below: lib/uses-task.ts → tasks/run.ts');
  });

  it('passes a tree that follows the rules', async () => {
    write('tasks/run.ts', "import { x } from '../lib/x.js';\nexport const run = x;\n");
    write('lib/x.ts', 'export const x = 1;\n');
    expect((await cruise()).code).toBe(0);
  });

  it('refuses an unformatted file', async () => {
    write('lib/ugly.ts', 'export const  x = {a:1,\n b:"two"}\n');
    write('lib/pretty.ts', "export const x = { a: 1, b: 'two' };\n");
    const config = ['--config', join(projectRoot, '.prettierrc.json')];
    const ugly = await exitOf(bin('prettier'), ['--check', ...config, 'lib/ugly.ts'], dir);
    expect(ugly.code).not.toBe(0);
    expect(ugly.output).toContain('lib/ugly.ts');
    expect((await exitOf(bin('prettier'), ['--check', ...config, 'lib/pretty.ts'], dir)).code).toBe(0);
  });
});
