import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ToolError } from '../../lib/errors.js';
import { runPipeline, type RunOptions } from '../../lib/pipeline/run.js';
import type { Task } from '../../lib/pipeline/types.js';
import { FakeRunner } from '../helpers/fake-runner.js';
import { projectRoot } from '../helpers/paths.js';

const SGR = /\x1b\[[0-9;]*m/; // a colour or style: what NO_COLOR forbids
const ANSI = /\x1b/; // anything a log should not hold: colours, cursor movement

/**
 * One cluster whose create reports and runs k3d, whose render succeeds, and
 * whose deploy fails, so verify is skipped: every kind of line there is.
 */
function tasks(): Task[] {
  return [
    {
      id: 'create:cluster-a',
      title: 'create cluster cluster-a',
      needs: [],
      async run(context) {
        context.report('creating cluster-a');
        await context.runner.run({ tool: 'k3d', bin: 'k3d', args: ['cluster', 'create', 'cluster-a'] }, context.signal);
        return 'created';
      },
    },
    { id: 'render:cluster-a', title: 'render cluster-a', needs: [], run: async () => new Map() },
    {
      id: 'deploy:cluster-a',
      title: 'deploy to cluster-a',
      needs: ['create:cluster-a', 'render:cluster-a'],
      async run() {
        throw new ToolError({ command: 'kubectl apply', code: 1, stderr: 'the server is unreachable\nsecond line' });
      },
    },
    { id: 'verify:cluster-a', title: 'verify cluster-a', needs: ['deploy:cluster-a'], run: async () => true },
  ];
}

async function capture(overrides: Partial<RunOptions>) {
  let text = '';
  const writes = { count: 0 };
  const runner = new FakeRunner().on('k3d cluster create', {});
  const result = await runPipeline(tasks(), {
    mode: 'plain',
    signal: new AbortController().signal,
    runner,
    dryRun: false,
    verbose: false,
    write: (chunk) => ((text += chunk), writes.count++),
    ...overrides,
  });
  return { text, lines: text.split('\n').filter(Boolean), writes, result, runner };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('plain output', () => {
  test('timestamped lines with ✔, ✖ and ↓, no escape codes under NO_COLOR even when colour is allowed', async () => {
    vi.stubEnv('NO_COLOR', '1');
    const { text, lines } = await capture({ color: true });
    expect(text).not.toMatch(ANSI);
    for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] /);
    const body = lines.map((line) => line.slice('[00:00:00] '.length));
    expect(body).toContain('❯ create cluster cluster-a');
    expect(body).toContain('  create cluster cluster-a › creating cluster-a');
    expect(body.find((line) => line.startsWith('✔ create cluster cluster-a'))).toMatch(/^✔ create cluster cluster-a \(\d+\.\ds\)$/);
    expect(body.find((line) => line.startsWith('✔ render cluster-a'))).toMatch(/^✔ render cluster-a \(\d+\.\ds\)$/);
    // Only the first line of the error: the summary has the rest.
    expect(body).toContain('✖ deploy to cluster-a: `kubectl apply` exited with code 1');
    expect(body).toContain('↓ verify cluster-a (skipped: needs deploy:cluster-a, which failed)');
    expect(text).not.toContain('second line');
    // deploy starts only after both of its needs, and the log says so in order.
    expect(body.indexOf('❯ deploy to cluster-a')).toBeGreaterThan(body.findIndex((line) => line.startsWith('✔ render cluster-a')));
  });

  test('colour only when allowed and NO_COLOR is not set', async () => {
    vi.stubEnv('NO_COLOR', undefined);
    expect((await capture({ color: true })).text).toMatch(SGR);
    expect((await capture({})).text).not.toMatch(ANSI);
  });

  test('verbose prints each command under the task that runs it', async () => {
    const { lines, runner } = await capture({ verbose: true });
    expect(runner.lines()).toEqual(['k3d cluster create cluster-a']);
    const commands = lines.filter((line) => line.includes(' $ '));
    expect(commands.map((line) => line.slice('[00:00:00] '.length))).toEqual(['  create cluster cluster-a $ k3d cluster create cluster-a']);
    expect((await capture({ verbose: false })).lines.some((line) => line.includes(' $ '))).toBe(false);
  });
});

describe('silent output', () => {
  test('prints nothing, and still returns every outcome', async () => {
    const { writes, result } = await capture({ mode: 'silent', verbose: true });
    expect(writes.count).toBe(0);
    expect(result.outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded', 'failed', 'skipped']);
  });
});

describe('tty output (Listr2 default renderer)', () => {
  test('one line per task in the final frame, with reports and verbose commands under their task', async () => {
    const sigint = process.listenerCount('SIGINT');
    const { text } = await capture({ mode: 'tty', verbose: true, color: false });
    expect(process.listenerCount('SIGINT')).toBe(sigint); // registerSignalListeners: false
    expect(text).not.toMatch(SGR);
    expect(finalFrame(text)).toEqual([
      expect.stringMatching(/^✔ create cluster cluster-a \(\d+\.\ds\)$/),
      '  › creating cluster-a',
      '  › $ k3d cluster create cluster-a',
      expect.stringMatching(/^✔ render cluster-a \(\d+\.\ds\)$/),
      '✖ deploy to cluster-a: `kubectl apply` exited with code 1',
      '↓ verify cluster-a (skipped: needs deploy:cluster-a, which failed)',
    ]);
  });

  test('what a task notes (not its passing progress) is listed again once the live view ends, so nothing found is lost from the screen', async () => {
    let text = '';
    await runPipeline(
      [
        {
          id: 'create:a',
          title: 'create cluster a',
          needs: [],
          async run(context) {
            context.report('creating a');
            context.note('a is already running (context k3d-a)');
            context.report('waiting for a');
          },
        },
        {
          id: 'checks',
          title: 'check the machine',
          needs: [],
          async run(context) {
            context.note('warning: memory: 2 GiB\nsecond line');
          },
        },
      ],
      {
        mode: 'tty',
        signal: new AbortController().signal,
        runner: new FakeRunner(),
        dryRun: false,
        verbose: false,
        color: false,
        write: (t) => (text += t),
      },
    );
    const after = text.slice(text.lastIndexOf('notes:\n'));
    expect(after).toBe(
      'notes:\n  create cluster a › a is already running (context k3d-a)\n  check the machine › warning: memory: 2 GiB\n  check the machine › second line\n',
    );
    expect(after).not.toContain('waiting for a');
  });

  test('while a task waits, its title says for what', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const frames: string[] = [];
    const run = runPipeline(
      [
        { id: 'create:a', title: 'create a', needs: [], run: () => gate },
        { id: 'deploy:a', title: 'deploy a', needs: ['create:a'], run: async () => {} },
      ],
      {
        mode: 'tty',
        signal: new AbortController().signal,
        runner: new FakeRunner(),
        dryRun: false,
        verbose: false,
        color: false,
        write: (t) => frames.push(t),
      },
    );
    await vi.waitUntil(() => frames.some((frame) => frame.includes('deploy a (waiting for create:a)')));
    release();
    await run;
    expect(finalFrame(frames.join(''))[1]).toMatch(/^✔ deploy a \(\d+\.\ds\)$/);
  });

  test('NO_COLOR turns off colorette, and so Listr2, even with FORCE_COLOR; color: false does too (fresh processes)', () => {
    // colorette decides once, when listr2 is first imported, so only a new process shows what NO_COLOR
    // does. It runs dist/, which the global setup rebuilds whenever a source is newer.
    const script = [
      "const { runPipeline } = await import('./dist/lib/pipeline/run.js');",
      'let out = "";',
      "const task = { id: 'a', title: 'a', needs: [], run: async () => 1 };",
      "const color = process.env.TEST_COLOR === 'false' ? { color: false } : {};",
      "await runPipeline([task], { mode: 'tty', signal: new AbortController().signal, runner: {}, dryRun: false, verbose: false, write: (t) => (out += t), ...color });",
      'process.stdout.write(out);',
    ].join('\n');
    const run = (env: Record<string, string>) => {
      const { NO_COLOR: _, FORCE_COLOR: __, ...rest } = process.env;
      return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: projectRoot,
        env: { ...rest, ...env },
        encoding: 'utf8',
      });
    };
    expect(run({ FORCE_COLOR: '1' })).toMatch(SGR);
    const plain = run({ FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(plain).toContain('✔ a');
    expect(plain).not.toMatch(SGR);
    // The CLI's own colour decision can turn Listr2's colours off too.
    expect(run({ FORCE_COLOR: '1', TEST_COLOR: 'false' })).not.toMatch(SGR);
  });
});

/** The last frame Listr2 drew: what stays on the terminal, without cursor movement. */
function finalFrame(text: string): string[] {
  const frame = text.slice(text.lastIndexOf('\x1b[G') + 3).replace(/\x1b\[\?25[hl]/g, '');
  return frame.split('\n').filter(Boolean);
}
