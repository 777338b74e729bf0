#!/usr/bin/env node
// Builds dist/: tsc for the library (what a mesh.config.ts imports) and its
// types, then one esbuild bundle of the CLI, so `mesh` starts by loading a
// few files instead of dozens (start-up time is most of a warm render).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // The library entry shares the CLI's chunks, so a config's `import 'k3d-mesh'` reuses modules the CLI already loaded.
  entryPoints: { entry: join(root, 'cli', 'entry.ts'), index: join(root, 'index.ts') },
  outdir: join(root, 'dist', 'cli-bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // commander is on every run's path and small, so it travels inside the
  // bundle; everything else loads from node_modules only when a command needs it.
  external: [
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
    'zx',
    'zx/*',
    '@aws-cdk/*',
  ],
  // The bundled CommonJS package requires node's built-ins.
  banner: { js: "import { createRequire as __meshRequire } from 'node:module'; const require = __meshRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  plugins: [zodEnglishOnly()],
  logLevel: 'warning',
});
// sucrase, which evaluating a changed config needs, as one file that runs with V8's code cache (config/transform.ts).
const vendored = await build({
  entryPoints: [require.resolve('sucrase')],
  outfile: join(root, 'dist', 'vendor', 'sucrase.cjs'),
  bundle: true,
  minify: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  metafile: true,
  write: false,
  logLevel: 'warning',
});
const [bundled] = vendored.outputFiles;
mkdirSync(dirname(bundled.path), { recursive: true });
writeFileSync(bundled.path, `${licenses(Object.keys(vendored.metafile.inputs))}${bundled.text}`);

/** The licence texts of the packages a vendored file is made of, as its leading comment. */
function licenses(inputs) {
  const folders = new Set(inputs.map((input) => input.replace(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\/.*$/, '$1')));
  const texts = [...folders].sort().map((folder) => {
    const file = readdirSync(join(root, folder)).find((name) => /^licen[cs]e/i.test(name));
    const { name, version } = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    return `${name} ${version}\n\n${file ? readFileSync(join(root, folder, file), 'utf8').trim() : '(no licence file)'}`;
  });
  return `/*\n${texts.join('\n\n---\n\n').replaceAll('*/', '* /')}\n*/\n`;
}

/**
 * zod's namespace re-exports its messages in 50 languages (360 KB that every
 * run would compile); mesh reports in English, so `z.locales` keeps only `en`.
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        args.importer.includes(`${join('node_modules', 'zod')}`)
          ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-en' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(args.path)};`,
        resolveDir: dirname(args.path),
      }));
    },
  };
}

// Tests rebuild only when a source is newer than this.
writeFileSync(join(root, 'dist', '.build-stamp'), new Date().toISOString());
