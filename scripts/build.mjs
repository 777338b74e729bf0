#!/usr/bin/env node
// Builds dist/: tsc for the library (what a mesh.config.ts imports) and its
// types, then one esbuild bundle of the CLI, so `mesh` starts by loading a
// few files instead of dozens (start-up time is most of a warm render).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
const { build } = await import('esbuild');
rmSync(join(root, 'dist', 'cli-bundle'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'cli', 'entry.ts')],
  outdir: join(root, 'dist', 'cli-bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies load from node_modules, and only when a command needs them.
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
