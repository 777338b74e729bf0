#!/usr/bin/env -S node --
// The `mesh` launcher. `--version` is answered here without loading anything,
// so scripts that probe for mesh pay only Node's own start-up.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  let cli;
  try {
    cli = await import('../dist/cli-bundle/entry.js');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist')) throw error;
    process.stderr.write(
      'mesh: error: mesh is not built (dist/ is missing)\n  hint: run `npm install` (or `npm run build`) in the mesh checkout\n',
    );
    process.exit(1);
  }
  await cli.main(args);
}
