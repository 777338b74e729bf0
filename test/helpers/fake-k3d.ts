import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeK3dRun {
  /** The script's exit status. */
  status: number | null;
  /** The arguments k3d was called with; null when it was not called. */
  argv: string[] | null;
  /** What k3d read on its standard input; null when it was not called. */
  stdin: string | null;
}

/**
 * A stand-in for k3d: a shell script that writes its arguments (NUL
 * separated, so spaces survive) and its standard input to files, and exits
 * with FAKE_K3D_EXIT. Generated scripts are then run for real against it.
 */
export class FakeK3d {
  readonly dir = mkdtempSync(join(tmpdir(), 'mesh-fake-k3d-'));
  readonly bin = join(this.dir, 'k3d');

  constructor() {
    // A loop rather than one printf, which would print the format once even for no arguments.
    const record = `for arg in "$@"; do printf '%s\\0' "$arg"; done > '${this.dir}/argv'`;
    const script = ['#!/bin/sh', record, `cat > '${this.dir}/stdin'`, 'exit "${FAKE_K3D_EXIT:-0}"', ''];
    writeFileSync(this.bin, script.join('\n'), { mode: 0o755 });
  }

  /** Runs `script` (its text) with /bin/sh and MESH_K3D pointing at the fake. */
  run(script: string, args: readonly string[] = [], env: Record<string, string> = {}): FakeK3dRun {
    const file = join(this.dir, 'script');
    writeFileSync(file, script);
    rmSync(join(this.dir, 'argv'), { force: true });
    rmSync(join(this.dir, 'stdin'), { force: true });
    const result = spawnSync('/bin/sh', [file, ...args], { env: { ...process.env, ...env, MESH_K3D: this.bin }, encoding: 'utf8' });
    if (result.error) throw result.error;
    const argv = this.read('argv');
    return { status: result.status, argv: argv === null ? null : argv.split('\0').slice(0, -1), stdin: this.read('stdin') };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private read(name: string): string | null {
    const file = join(this.dir, name);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  }
}
