// The fake `kubectl` (test/fakes/bin/kubectl runs the bundle of this file): see test/fakes/README.md.
import { runFake } from '../lib/common.js';
import { kubectl, wantsStdin } from '../lib/kubectl/main.js';

await runFake('kubectl', kubectl, wantsStdin);
