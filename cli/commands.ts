import { Option, type Command } from 'commander';
import type { Stage } from '../tasks/stages.js';
import type { Context } from './context.js';
import type { LifecycleFlags } from './commands/lifecycle.js';

type Json = (on: boolean | undefined) => void;

const STAGES: Array<[Stage, string, Array<'timeout' | 'recreate' | 'checks'>]> = [
  ['up', 'create, render, deploy and verify every cluster of the config', ['timeout', 'recreate', 'checks']],
  ['down', "delete the config's clusters (and networks mesh created for them)", []],
  ['create', 'create the clusters (a running one is left alone, a stopped one started)', ['recreate']],
  ['deploy', 'apply the rendered manifests in the order Istio needs, and wait for them', ['timeout', 'recreate']],
  ['verify', 'check CRDs, istiod, the injector webhook and the Istio pods; exit 1 on any failure', []],
  ['teardown', "delete the config's clusters (the same as down)", []],
];

/** The lifecycle commands: each runs its stage's tasks as one pipeline. */
export function registerLifecycle(program: Command, context: () => Context, json: Json): void {
  for (const [stage, description, extra] of STAGES) {
    const command = program
      .command(stage)
      .description(description)
      .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
      .option('--dry-run', 'print every command that would run, in order, and change nothing')
      .option('--json', 'print the outcome of every task as JSON');
    if (extra.includes('timeout'))
      command.option('--timeout <duration>', "how long each wait may take (e.g. 90s, 5m; default: the config's wait.timeout, else 5m)");
    if (extra.includes('recreate')) command.option('--recreate', 'delete and create again a cluster whose config differs');
    if (extra.includes('checks')) command.addOption(new Option('--no-checks', 'skip the doctor checks mesh up runs first'));
    command.action(async (flags: LifecycleFlags) => {
      json(flags.json);
      const { lifecycle } = await import('./commands/lifecycle.js');
      await lifecycle(context(), stage, flags);
    });
  }
  program
    .command('plan')
    .description('print the task graph of a stage: tasks, what each needs, the batches that run together')
    .argument('[stage]', 'up, down, create, deploy, verify or teardown', 'up')
    .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
    .option('--json', 'print the graph as JSON')
    .action(async (stage: string, flags: { cluster: string[]; json?: boolean }) => {
      json(flags.json);
      const { ConfigError } = await import('../lib/errors.js');
      if (!STAGES.some(([name]) => name === stage)) {
        throw new ConfigError(`unknown stage "${stage}"`, { hint: `use one of ${STAGES.map(([name]) => name).join(', ')}` });
      }
      const { planCommand } = await import('./commands/plan.js');
      await planCommand(context(), stage as Stage, flags);
    });
  program
    .command('doctor')
    .description('check docker, k3d, helm, kubectl, host ports and more; say how to fix what fails')
    .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { cluster: string[]; json?: boolean }) => {
      json(flags.json);
      const { doctorCommand } = await import('./commands/doctor.js');
      await doctorCommand(context(), flags);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
