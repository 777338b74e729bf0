import { afterAll, describe, expect, test } from 'vitest';
import { said } from '../helpers/lifecycle.js';
import { cleanUp, expectConverged, sharedCache, up, world } from '../helpers/fault-suite.js';
import { CALL_KINDS, failing, fired, kindOf, type CallKind } from '../helpers/fault-kinds.js';

afterAll(cleanUp);

const cache = sharedCache();
const FIRST_PORT = 18900;

/**
 * Every kind of external call a two-cluster `mesh up` makes, made to fail:
 * for good (mesh stops, naming the tool and what it said), then, on the
 * re-run, once in a way a moment fixes (mesh runs it again and converges).
 */
describe('faults injected into every kind of call of a two-cluster mesh up (fake k3d, kubectl and docker)', () => {
  test('the baseline: a clean up converges, and each of its calls is one of the kinds the suite faults', async () => {
    const { tools, cwd } = world(FIRST_PORT);
    const run = await up(tools, cwd, cache);
    const calls = tools.calls();
    await expectConverged(tools, run);
    expect(calls.filter((c) => !kindOf(c)).map((c) => `${c.tool} ${c.argv.join(' ')}`)).toEqual([]);
    const seen = new Set(calls.map((c) => kindOf(c)!.name));
    expect(CALL_KINDS.map((k) => k.name).filter((name) => !seen.has(name))).toEqual([]);
  });

  describe.concurrent.each(CALL_KINDS.map((kind, i) => [kind.name, kind, FIRST_PORT + 2 * (i + 1)] as const))('%s', (_name, kind, port) => {
    test('failing for good stops mesh with the tool and its words; failing once on the re-run is retried and converges', async () => {
      const { tools, cwd } = world(port);
      const words = `error: ${kind.name} failed for good`;
      tools.setFaults(failing(kind, { exit: 1, stderr: `${words}\n`, times: 1000 }));
      // Bounded: a probe that never answers is waited for until the timeout.
      const broken = await up(tools, cwd, cache, ['--timeout', '15s']);
      expect(broken.code, said(broken)).toBe(1);
      expect(fired(tools)).toBeGreaterThan(0);
      expect(broken.stderr).toContain(words.replace('error: ', ''));
      expect(broken.stderr).toContain(named(kind));
      expect(broken.stderr).not.toMatch(/^ {4}at /m);

      tools.setFaults(failing(kind, { exit: 1, stderr: kind.transient, times: 1 }));
      const again = await up(tools, cwd, cache);
      expect(fired(tools), `the re-run never made a ${kind.name} call`).toBe(1);
      await expectConverged(tools, again);
    });
  });
});

/** How the failure names the call: its command line, or for verify's one-shot checks, the check. */
function named(kind: CallKind): string {
  if (kind.check) return kind.check;
  return `${kind.tool} `;
}
