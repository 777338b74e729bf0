/**
 * The import rules `npm run lint` enforces on product code: no cycles, and
 * the layers only point inwards (cli -> tasks -> lib; config -> lib; lib
 * never reaches back up), so a newcomer can read each folder on its own.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle: move the shared type or helper into a file both can import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-stays-below',
      severity: 'error',
      comment: 'lib/ is the bottom layer: it must not import tasks/, config/ or cli/.',
      from: { path: '^lib/' },
      to: { path: '^(tasks|config|cli)/' },
    },
    {
      name: 'config-reads-only',
      severity: 'error',
      comment: 'config/ reads and validates the user file; it must not reach tasks/ or cli/.',
      from: { path: '^config/' },
      to: { path: '^(tasks|cli)/' },
    },
    {
      name: 'tasks-below-cli',
      severity: 'error',
      comment: 'tasks/ must not import cli/.',
      from: { path: '^tasks/' },
      to: { path: '^cli/' },
    },
    {
      name: 'product-without-tests',
      severity: 'error',
      comment: 'Product code must not import test code (it would ship in dist/).',
      from: { path: '^(lib|config|tasks|cli|index\\.ts)' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test|bench|examples)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
