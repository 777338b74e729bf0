import { describe, expect, test } from 'vitest';
import { realRunner } from '../../lib/process/real-runner.js';

describe('the real runner', () => {
  test('a tool that exits before reading its input is a failed command, not a crash (EPIPE on its stdin)', async () => {
    const runner = realRunner();
    // Large enough that the pipe fills and the write is still going when the tool is gone.
    const input = 'values: x\n'.repeat(1 << 19);
    for (let i = 0; i < 5; i++) {
      const result = await runner.run({
        tool: 'helm',
        bin: 'sh',
        args: ['-c', 'echo "Error: unknown flag: --values" >&2; exit 1'],
        input,
        mutates: false,
      });
      expect(result).toEqual({ exitCode: 1, stdout: '', stderr: 'Error: unknown flag: --values\n' });
    }
  });

  test('input reaches a tool that reads it, and an empty input closes its stdin', async () => {
    const runner = realRunner();
    expect((await runner.run({ tool: 'helm', bin: 'cat', args: [], input: 'a: 1\n', mutates: false })).stdout).toBe('a: 1\n');
    expect(await runner.run({ tool: 'helm', bin: 'cat', args: [], input: '', mutates: false })).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: '',
    });
  });

  test('every argument arrives exactly as given, quotes, newlines, $, globs and empty ones alike', async () => {
    const args = ['a b', "it's", 'x\ny', '$HOME', '`id`', '*', '', '--set=a=b,c'];
    const script = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';
    const result = await realRunner().run({ tool: 'helm', bin: process.execPath, args: ['-e', script, ...args], mutates: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(args);
  });

  test('runs where no bash is on PATH (Alpine, say): commands go through /bin/sh', async () => {
    const result = await realRunner().run({
      tool: 'helm',
      bin: process.execPath,
      args: ['-e', 'process.stdout.write("ran")'],
      mutates: false,
      env: { PATH: '/nonexistent' },
    });
    expect([result.exitCode, result.stdout]).toEqual([0, 'ran']);
  });
});
