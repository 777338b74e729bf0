#!/usr/bin/env node
// Runs before `npm test`, and from .ci/run with --install.
// - The tests read real upstream charts from ../shared/testdata, beside this
//   checkout: without them nothing can run, so say so in one line and stop.
// - The integration tests push charts to a real OCI registry, Debian's
//   docker-registry. A developer's `npm test` only says it is missing (those
//   tests are skipped, saying so); `--install` (CI) installs it with apt.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const testdata = resolve(root, '../shared/testdata');
const needed = ['istio-1.30.3', 'istio-1.30.3-repo/index.yaml', 'charts-repo/index.yaml'];
const missing = needed.filter((path) => !existsSync(join(testdata, path)));
if (missing.length > 0) {
  console.error(
    `test data missing: ${missing.map((m) => join(testdata, m)).join(', ')}; the tests read Istio 1.30.3's charts and the upstream charts repository from ../shared/testdata beside this checkout (see its README and README.md, "Tests")`,
  );
  process.exit(1);
}

if (onPath('docker-registry') || existsSync('/usr/bin/docker-registry')) process.exit(0);
const install = process.argv.includes('--install');
const root_ = typeof process.getuid === 'function' && process.getuid() === 0;
if (!install || !root_ || !onPath('apt-get')) {
  console.error(
    'docker-registry is not installed: the tests that push charts to an OCI registry are skipped (apt-get install docker-registry to run them)',
  );
  process.exit(0);
}
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const apt = () => spawnSync('apt-get', ['install', '-y', '-q', 'docker-registry'], { stdio: 'inherit', env }).status === 0;
if (!apt()) {
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  if (!apt()) process.exit(1);
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
