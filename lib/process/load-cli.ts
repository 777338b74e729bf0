import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runCommonJs } from './code-cache.js';
import { codeCacheBeside, programCodeStore } from './program-code.js';

export interface Cli {
  main(argv: readonly string[]): Promise<void>;
}

/**
 * Loads mesh's CLI, one CommonJS bundle, with V8's code cache for it. Node
 * 20 compiles the bundle's functions again in every process, a tenth of a
 * changed render's time; from the cache it reads the compiled code instead.
 * The code V8 compiled during a run is kept when the run ends (`save`), per
 * command, since each command runs other parts of the CLI, beside the
 * program (see program-code.ts). It is named by the build's id (a digest the
 * build writes beside the bundle), so another build never runs on this one's
 * code; a bundle without an id runs uncached.
 */
export function loadCli(options: { bundle: string; cacheDir: string | undefined; command: string | undefined }): {
  cli: Cli;
  /** Keeps the code compiled by now, if the cache did not hold it: for when the run ends. */
  save(): void;
} {
  const code = readFileSync(options.bundle, 'utf8');
  const id = buildId(`${options.bundle}.id`, code.length);
  // Keeping this build's code drops what other builds left (an upgrade, a rebuild).
  const stale = (name: string) => name.startsWith('cli-') && !name.startsWith(`cli-${id}-`);
  const store = id === undefined ? undefined : programCodeStore(codeCacheBeside(options.bundle), options.cacheDir, stale);
  const loaded = runCommonJs(code, {
    filename: options.bundle,
    key: `cli-${id}-${options.command ?? 'none'}`,
    require: createRequire(options.bundle),
    store,
  });
  return {
    cli: loaded.exports as Cli,
    save() {
      try {
        loaded.save();
      } catch {
        // Only a faster start lost.
      }
    },
  };
}

// The id file holds `<digest> <length>`: a bundle rebuilt without its id is not taken for the old one.
function buildId(file: string, length: number): string | undefined {
  try {
    const [digest, size] = readFileSync(file, 'utf8').trim().split(' ');
    return digest && /^[0-9a-f]{16,64}$/.test(digest) && Number(size) === length ? digest : undefined;
  } catch {
    return undefined;
  }
}
