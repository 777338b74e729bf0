#!/usr/bin/env node
// Builds dist/: tsc for the library's types and the launcher's few modules,
// then esbuild bundles of the CLI and of the library, so `mesh` starts by
// loading one file instead of dozens (start-up time is most of a render).
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
const { createHash } = await import('node:crypto');
for (const dir of ['cli-bundle', '.code-cache']) rmSync(join(root, 'dist', dir), { recursive: true, force: true });
// Compiled code kept beside the program (lib/process/program-code.ts) belongs to this install, never to the package.
writeFileSync(join(root, 'dist', '.npmignore'), '.code-cache/\n');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // commander, zod, cel-js, js-yaml and zx are on most runs' path, so they travel
  // inside the bundles; everything else loads from node_modules only when a command needs it.
  external: ['ajv', 'cosmiconfig', 'dotenv', 'fastest-levenshtein', 'jiti', 'listr2', 'sucrase', 'yaml', 'yauzl', '@aws-cdk/*'],
  plugins: [zodEnglishOnly()],
  logLevel: 'warning',
};
// The CLI is one CommonJS file, which the launcher runs with V8's code cache
// (lib/process/load-cli.ts): Node 20 can keep compiled code for a script, not
// for an ES module. A config's `import 'k3d-mesh'` gets the library inside it.
const cli = join(root, 'dist', 'cli-bundle', 'mesh.cjs');
await build({
  ...common,
  entryPoints: [join(root, 'cli', 'entry.ts')],
  outfile: cli,
  format: 'cjs',
  define: { 'import.meta.url': '__meshModuleUrl' },
  banner: { js: "var __meshModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Lazily loaded parts stay lazy (esbuild runs them on first use); packages outside load with require.
  supported: { 'dynamic-import': false },
});
// ASCII only (the rest as \u escapes, which mean the same in strings, regular expressions and comments):
// Node reads such a file into a string of one byte per character, twice as fast.
const code = readFileSync(cli, 'utf8').replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(cli, code);
writeFileSync(`${cli}.id`, `${createHash('sha256').update(code).digest('hex')} ${code.length}\n`);
// What the launcher loads before the CLI, as one file.
await build({
  ...common,
  entryPoints: [join(root, 'lib', 'process', 'launcher-parts.ts')],
  outfile: join(root, 'dist', 'cli-bundle', 'launcher.js'),
  format: 'esm',
});
// The library as an ES module, for configs that another install of mesh evaluates and for users' own scripts.
await build({
  ...common,
  entryPoints: [join(root, 'index.ts')],
  outfile: join(root, 'dist', 'cli-bundle', 'index.js'),
  format: 'esm',
  // Bundled CommonJS requires node's built-ins.
  banner: { js: "import { createRequire as __meshRequire } from 'node:module'; const require = __meshRequire(import.meta.url);" },
});
// sucrase, which evaluating a changed config needs, as one file that runs with V8's code cache (config/transform.ts).
await vendor('sucrase.cjs', { entryPoints: [require.resolve('sucrase')] });
// Ajv and its standalone code generator, which compiling a CRD's validator needs, likewise (lib/render/validate/ajv-load.ts).
await vendor('ajv.cjs', {
  stdin: {
    contents:
      "const ajv = require('ajv'); module.exports = { Ajv: ajv.Ajv, _: ajv._, standalone: require('ajv/dist/standalone').default };",
    resolveDir: root,
    loader: 'js',
  },
});

/** Packages as one minified CommonJS file under dist/vendor, led by their licences. */
async function vendor(name, entry) {
  const result = await build({
    ...entry,
    outfile: join(root, 'dist', 'vendor', name),
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const [bundled] = result.outputFiles;
  const inputs = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'));
  mkdirSync(dirname(bundled.path), { recursive: true });
  writeFileSync(bundled.path, `${licenses(inputs)}${bundled.text}`);
}

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
