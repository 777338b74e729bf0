#!/usr/bin/env -S node --
// The `mesh` launcher. `--version` is answered here without loading anything,
// so scripts that probe for mesh pay only Node's own start-up; so is a warm
// `mesh render` that an identical earlier run showed would change nothing.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else if (!(args.includes('render') && (await unchangedRender()))) {
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

// See lib/render/fast: true when it printed what the earlier run printed; anything unexpected runs the CLI.
async function unchangedRender() {
  try {
    const [{ fastRender }, { cacheDir }, { outputMode }, { fileURLToPath }] = await Promise.all([
      import('../dist/lib/render/fast/fast-path.js'),
      import('../dist/lib/paths.js'),
      import('../dist/lib/process/terminal.js'),
      import('node:url'),
    ]);
    return fastRender({
      argv: args,
      cwd: process.cwd(),
      env: process.env,
      color: outputMode(process.env, Boolean(process.stdout.isTTY)).color,
      cacheDir: cacheDir(process.env),
      entry: fileURLToPath(new URL('../dist/cli-bundle/entry.js', import.meta.url)),
      write: (stdout, stderr) => {
        process.stderr.write(stderr);
        process.stdout.write(stdout);
      },
    });
  } catch {
    return false;
  }
}
