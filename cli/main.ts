import { Command, CommanderError, Option } from 'commander';
import { EXIT, InterruptedError } from '../lib/errors.js';
import { meshVersion } from '../lib/version.js';
import { DEFAULT_OUT_DIR } from '../lib/model/defaults.js';
import { Context, type Deps, type GlobalOptions } from './context.js';
import { registerLifecycle } from './commands.js';
import { printError } from './errors.js';

/**
 * The `mesh` command line: parse, run the command with its dependencies,
 * map errors to exit codes. Commands live in cli/commands, one file each.
 */
export async function run(argv: readonly string[], deps: Deps): Promise<number> {
  let json = false;
  const program = new Command('mesh')
    .description('Local Kubernetes clusters with k3d, Istio with Helm, and cross-cluster ServiceEntries, from one config.')
    .version(meshVersion(), '-V, --version', 'print the version')
    .option('-c, --config <path>', 'config file (default: mesh.config.ts, found from the working directory)')
    .option('--env-file <path>', 'environment file to load (default: .env when present)')
    .option('--istio-version <version>', 'Istio chart version (overrides MESH_ISTIO_VERSION and the config)')
    .option('--istio-repo <url>', 'Istio chart repository (overrides MESH_ISTIO_REPO and the config)')
    .option('-v, --verbose', 'print every command mesh runs')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr, outputError: (text, write) => write(usageError(text, deps.color)) })
    .exitOverride();
  const context = () => new Context(deps, program.opts<GlobalOptions>());

  program
    .command('list')
    .description('show clusters and build targets, in apply order, with what each needs')
    .option('--json', 'print stable JSON')
    .action(async (options: { json?: boolean }) => {
      json = options.json ?? false;
      const { list } = await import('./commands/list.js');
      await list(context(), options);
    });

  program
    .command('render')
    .description('render targets to result/ (all when none named), as `nix build` did')
    .argument('[targets...]', 'targets to render (see `mesh list`)')
    .option('-o, --out <dir>', 'output folder', DEFAULT_OUT_DIR)
    .addOption(new Option('--locked', 'refuse charts missing from mesh.lock.json or whose digest differs from it').conflicts('update'))
    .option('--update', 're-resolve chart versions and record them in mesh.lock.json')
    .addOption(new Option('--no-validate', 'skip the offline validation of rendered objects'))
    .option('--json', 'print a JSON summary')
    .action(async (targets: string[], options: RenderFlags) => {
      json = options.json ?? false;
      const { render } = await import('./commands/render.js');
      await render(context(), targets, options);
    });

  registerLifecycle(program, context, (on) => (json = on ?? false));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return deps.signal.aborted ? interruptedCode(deps.signal) : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    // Once interrupted, whatever failed failed because of it: the exit code says so.
    if (deps.signal.aborted) return interrupted(deps);
    return printError(error, deps, json);
  }
}

export interface RenderFlags {
  out: string;
  locked?: boolean;
  update?: boolean;
  validate: boolean;
  json?: boolean;
}

// Commander's `error: unknown command 'rendr'\n(Did you mean render?)`, in mesh's own shape.
function usageError(text: string, color: boolean): string {
  const [first = '', ...rest] = text.trim().split('\n');
  const suggestion = rest
    .join(' ')
    .trim()
    .replace(/^\((.*)\)$/, '$1');
  const label = color ? '\x1b[31merror\x1b[0m' : 'error';
  const help = 'see `mesh --help`, or `mesh <command> --help` for its options';
  return `mesh: ${label}: ${first.replace(/^error: /, '')}\n  hint: ${suggestion ? `${suggestion} Or ${help}` : help}\n`;
}

// Commander has already printed its message (and a did-you-mean) to stderr.
function commanderExit(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
  // `commander.help` is help shown because no command was given: a usage error.
  if (error.code === 'commander.help') return EXIT.USAGE;
  return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
}

function interrupted(deps: Deps): number {
  const reason: unknown = deps.signal.reason;
  deps.stderr(`mesh: ${reason instanceof InterruptedError ? reason.message : 'interrupted'}\n`);
  return interruptedCode(deps.signal);
}

function interruptedCode(signal: AbortSignal): number {
  return signal.reason instanceof InterruptedError ? signal.reason.exitCode : EXIT.INTERRUPTED;
}
