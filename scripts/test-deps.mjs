#!/usr/bin/env node
// Runs before `npm test`: the integration tests push charts to a real OCI
// registry, Debian's docker-registry. Installs it with apt where that is
// possible (root, apt-get present); elsewhere says how, and the tests that
// need it fail with the same message.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const REGISTRY = '/usr/bin/docker-registry';
if (existsSync(REGISTRY) || onPath('docker-registry')) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!root || !onPath('apt-get')) {
  console.error(
    'docker-registry is not installed: apt-get install docker-registry (the OCI registry the integration tests push charts to)',
  );
  process.exit(0);
}
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const install = () => spawnSync('apt-get', ['install', '-y', '-q', 'docker-registry'], { stdio: 'inherit', env }).status === 0;
if (!install()) {
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  if (!install()) process.exit(1);
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
