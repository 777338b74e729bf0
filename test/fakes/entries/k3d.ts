// The fake `k3d` (test/fakes/bin/k3d runs the bundle of this file): see test/fakes/README.md.
import { runFake } from '../lib/common.js';
import { k3d, wantsStdin } from '../lib/k3d/main.js';

await runFake('k3d', k3d, wantsStdin);
