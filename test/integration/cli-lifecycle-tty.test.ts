import { describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanUpLifecycle, cluster, fakes, ISTIO_PACKAGES, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';
import { tsConfig } from '../helpers/project.js';

cleanUpLifecycle();

const PORT = 18489;
// Cursor movement and colours, so the assertions read the text a user reads.
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('mesh up on a terminal (a pty; fake k3d, kubectl and docker)', () => {
  test('what create found stays on screen after the live view: created, already running, differs (and the warning pointing at it)', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${ISTIO_PACKAGES} }`);
    const first = await mesh(tools, cwd, ['up', '--no-checks'], { tty: true });
    expect(first.code, said(first)).toBe(0);
    const shown = plain(first.stdout);
    // The live tree drew it (a TTY frame), and the notes list it once the tree is done.
    expect(shown).toMatch(/✔ create cluster dev/);
    expect(shown).toMatch(/notes:\n {2}create cluster dev › dev was created \(context k3d-dev\)\n/);

    const again = await mesh(tools, cwd, ['up', '--no-checks'], { tty: true });
    expect(again.code, said(again)).toBe(0);
    expect(plain(again.stdout)).toMatch(/notes:\n {2}create cluster dev › dev is already running \(context k3d-dev\)\n/);

    writeFileSync(
      join(cwd, 'mesh.config.ts'),
      tsConfig(`{ clusters: { dev: ${cluster(PORT, 'agents: 1')} }, packages: ${ISTIO_PACKAGES} }`),
    );
    const differs = await mesh(tools, cwd, ['up', '--no-checks'], { tty: true });
    expect(differs.code, said(differs)).toBe(0);
    const text = plain(differs.stdout);
    const note = text.search(/ {2}create cluster dev › dev exists but differs from the config \(agents: 0 running, 1 in the config\)/);
    const warning = text.indexOf('warning: cluster dev differs from the config and was left alone (see above)');
    expect(note, text).toBeGreaterThan(-1);
    expect(warning, text).toBeGreaterThan(note);
  });
});
