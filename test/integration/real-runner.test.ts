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
});
