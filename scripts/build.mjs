#!/usr/bin/env node
// Builds dist/: tsc for the library (what a mesh.config.ts imports) and its
// types, then one esbuild bundle of the CLI, so `mesh` starts by loading a
// few files instead of dozens (start-up time is most of a warm render).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
  cwd: root,
});
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
  // commander is on every run's path and small, so it travels inside the
  // bundle; everything else loads from node_modules only when a command needs it.
  external: [
    '@marcbachmann/cel-js',
    'ajv',
    'cosmiconfig',
    'dotenv',
    'fastest-levenshtein',
    'jiti',
    'js-yaml',
    'listr2',
    'sucrase',
    'yaml',
    'yauzl',
    'zod',
    'zx',
    'zx/*',
    '@aws-cdk/*',
  ],
  // The bundled CommonJS package requires node's built-ins.
  banner: { js: "import { createRequire as __meshRequire } from 'node:module'; const require = __meshRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
// Tests rebuild only when a source is newer than this.
writeFileSync(join(root, 'dist', '.build-stamp'), new Date().toISOString());
