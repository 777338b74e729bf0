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
    const [launcher, { fileURLToPath }] = await Promise.all([import('../dist/cli-bundle/launcher.js'), import('node:url')]);
    const loaded = launcher.loadCli({
      bundle: fileURLToPath(new URL('../dist/cli-bundle/mesh.cjs', import.meta.url)),
      cacheDir: knownCacheDir(launcher),
      command: args.find((arg) => /^[a-z][a-z-]*$/.test(arg)),
    });
    // At the end, V8 has compiled what this command runs: that is what the next run reads.
    process.once('exit', loaded.save);
    cli = loaded.cli;
  } catch (error) {
    if (!['ERR_MODULE_NOT_FOUND', 'ENOENT'].includes(error?.code) || !String(error.message).includes('dist')) throw error;
    process.stderr.write(
      'mesh: error: mesh is not built (dist/ is missing)\n  hint: run `npm install` (or `npm run build`) in the mesh checkout\n',
    );
    process.exit(1);
  }
  await cli.main(args);
}

// A MESH_CACHE_DIR that is a file is the CLI's to report; the CLI then just starts uncached.
function knownCacheDir({ cacheDir }) {
  try {
    return cacheDir(process.env);
  } catch {
    return undefined;
  }
}

// See lib/render/fast: true when it printed what the earlier run printed; anything unexpected runs the CLI.
async function unchangedRender() {
  try {
    const [{ fastRender, cacheDir, outputMode }, { fileURLToPath }] = await Promise.all([
      import('../dist/cli-bundle/launcher.js'),
      import('node:url'),
    ]);
    return fastRender({
      argv: args,
      cwd: process.cwd(),
      env: process.env,
      color: outputMode(process.env, Boolean(process.stdout.isTTY)).color,
      cacheDir: cacheDir(process.env),
      entry: fileURLToPath(new URL('../dist/cli-bundle/mesh.cjs', import.meta.url)),
      write: (stdout, stderr) => {
        process.stderr.write(stderr);
        process.stdout.write(stdout);
      },
    });
  } catch {
    return false;
  }
}
