// The fake `docker` (test/fakes/bin/docker runs the bundle of this file): see test/fakes/README.md.
import { runFake } from '../lib/common.js';
import { docker, wantsStdin } from '../lib/docker/main.js';

await runFake('docker', docker, wantsStdin);
