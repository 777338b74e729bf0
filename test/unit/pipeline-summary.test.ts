import { describe, expect, test } from 'vitest';
import { EXIT, InterruptedError, MeshError, ToolError } from '../../lib/errors.js';
import { pipelineError, summarize } from '../../lib/pipeline/summary.js';
import type { PipelineResult, TaskOutcome } from '../../lib/pipeline/types.js';

const ok = (id: string, title: string, durationMs = 1000): TaskOutcome => ({ id, title, status: 'succeeded', durationMs });
const skipped = (id: string, title: string, reason: string): TaskOutcome => ({ id, title, status: 'skipped', reason, durationMs: 0 });
const failed = (
  id: string,
  title: string,
  error: unknown,
  reason = error instanceof Error ? error.message : String(error),
): TaskOutcome => ({
  id,
  title,
  status: 'failed',
  reason,
  error,
  durationMs: 500,
});

describe('summarize', () => {
  test('success: only the counts and the wall time', () => {
    const result: PipelineResult = { outcomes: [ok('create:a', 'create cluster a'), ok('render:a', 'render a')], durationMs: 12_345 };
    const summary = summarize(result);
    expect(summary).toMatchObject({ ok: true, failures: [], skipped: [], counts: { succeeded: 2, failed: 0, skipped: 0 } });
    expect(summary.text).toBe('2 succeeded, 0 failed, 0 skipped in 12.3s');
    expect(pipelineError(result)).toBeUndefined();
  });

  test("failure: the error's first lines and its hint, what was skipped because of it, the counts", () => {
    const stderr = Array.from({ length: 30 }, (_, i) => `stderr line ${i + 1}`).join('\n');
    const error = new ToolError({ command: 'k3d cluster create a', code: 1, stderr, hint: 'is docker running? try `docker info`' });
    const result: PipelineResult = {
      outcomes: [
        failed('create:a', 'create cluster a', error),
        ok('render:a', 'render a'),
        skipped('deploy:a', 'deploy to a', 'needs create:a, which failed'),
        skipped('verify:a', 'verify a', 'needs create:a, which failed'),
      ],
      durationMs: 75_000,
    };
    const summary = summarize(result);
    expect(summary.ok).toBe(false);
    expect(summary.failures).toEqual([expect.objectContaining({ id: 'create:a', hint: 'is docker running? try `docker info`', error })]);
    expect(summary.text).toBe(
      [
        '1 of 4 tasks failed',
        '  ✖ create cluster a: `k3d cluster create a` exited with code 1',
        '        stderr line 1',
        '        stderr line 2',
        '        stderr line 3',
        '        stderr line 4',
        '        stderr line 5',
        '        stderr line 6',
        '        stderr line 7',
        '      … (23 more lines)',
        '    hint: is docker running? try `docker info`',
        '  ↓ deploy to a (skipped: needs create:a, which failed)',
        '  ↓ verify a (skipped: needs create:a, which failed)',
        '1 succeeded, 1 failed, 2 skipped in 1m15s',
      ].join('\n'),
    );
    const meshError = pipelineError(result)!;
    expect(meshError).toBeInstanceOf(MeshError);
    expect(meshError.exitCode).toBe(EXIT.FAILED);
    expect(meshError.message).toBe(summary.text);
    expect(meshError.cause).toBe(error);
  });

  test('an error that is not a MeshError is a bug in mesh: its stack is shown', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'get')");
    const summary = summarize({ outcomes: [failed('deploy:a', 'deploy to a', bug)], durationMs: 10 });
    const [, first, second] = summary.text.split('\n');
    expect(first).toBe(
      `  ✖ deploy to a: internal error (a bug in mesh; please report it): TypeError: Cannot read properties of undefined (reading 'get')`,
    );
    expect(second).toMatch(/^ {6}\s*at /);
  });

  test('several failures: one error with both, each with its own reason', () => {
    const result: PipelineResult = {
      outcomes: [
        failed('create:a', 'create cluster a', new MeshError('port 8080 is taken')),
        failed('create:b', 'create cluster b', new MeshError('no space left')),
      ],
      durationMs: 1_000,
    };
    const error = pipelineError(result)!;
    expect(error.message.split('\n')).toEqual([
      '2 of 2 tasks failed',
      '  ✖ create cluster a: port 8080 is taken',
      '  ✖ create cluster b: no space left',
      '0 succeeded, 2 failed, 0 skipped in 1.0s',
    ]);
    expect(error.cause).toBeInstanceOf(AggregateError);
  });

  test('interrupt: says so, lists what stopped and what never started; the error is the InterruptedError', () => {
    const reason = new InterruptedError('SIGTERM');
    const result: PipelineResult = {
      outcomes: [
        ok('render:a', 'render a'),
        failed('create:a', 'create cluster a', reason, 'interrupted'),
        skipped('deploy:a', 'deploy to a', 'interrupted'),
      ],
      durationMs: 2_500,
      abortReason: reason,
    };
    const summary = summarize(result);
    expect(summary.ok).toBe(false);
    expect(summary.text).toBe(
      [
        'interrupted by SIGTERM',
        '  ✖ create cluster a: interrupted',
        '  ↓ deploy to a (skipped: interrupted)',
        '1 succeeded, 1 failed, 1 skipped in 2.5s',
      ].join('\n'),
    );
    expect(pipelineError(result)).toBe(reason);
    expect(pipelineError(result)!.exitCode).toBe(EXIT.TERMINATED);
  });

  test('an abort without an InterruptedError still exits as interrupted', () => {
    const result: PipelineResult = {
      outcomes: [skipped('a', 'a', 'interrupted')],
      durationMs: 0,
      abortReason: new DOMException('aborted', 'AbortError'),
    };
    expect(pipelineError(result)).toMatchObject({ name: 'InterruptedError', exitCode: EXIT.INTERRUPTED });
    expect(summarize(result).text.split('\n')[0]).toBe('interrupted');
  });
});
