import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { EXIT, InterruptedError } from '../lib/errors.js';
import { meshVersion } from '../lib/version.js';
import { Context, type Deps, type GlobalOptions } from './context.js';
import { registerDoctor } from './commands/doctor.js';
import { registerImages } from './commands/images.js';
import { registerDiff } from './commands/diff.js';
import { registerLifecycle } from './commands/lifecycle.js';
import { registerList } from './commands/list.js';
import { registerPlan } from './commands/plan.js';
import { registerRender } from './commands/render.js';
import type { CommandHost, Register } from './host.js';
import { printError } from './errors.js';
import { maskSecrets, secretEnvValues } from '../lib/process/mask.js';

/** In the order `mesh --help` lists them. */
const COMMANDS: Register[] = [registerList, registerRender, registerImages, registerLifecycle, registerDiff, registerPlan, registerDoctor];

/**
 * The `mesh` command line: parse, run the command with its dependencies,
 * map errors to exit codes. Commands live in cli/commands, one file each.
 */
export async function run(argv: readonly string[], given: Deps): Promise<number> {
  // A credential from the environment or .env (read later, into the same env) never reaches the
  // screen, whatever prints it: an error quoting a config value, a tool's stderr, a progress line.
  const masked = (write: (text: string) => void) => (text: string) => write(maskSecrets(text, secretEnvValues(given.env)));
  const deps: Deps = { ...given, stdout: masked(given.stdout), stderr: masked(given.stderr) };
  const invocation = { argv: [...argv], env: { ...given.env } };
  let json = false;
  const program = new Command('mesh')
    .description('Local Kubernetes clusters with k3d, Istio with Helm, and cross-cluster ServiceEntries, from one config.')
    .version(meshVersion(), '-V, --version', 'print the version')
    .option('-c, --config <path>', 'config file (default: mesh.config.ts, found from the working directory)', nonEmpty)
    .option('--env-file <path>', 'environment file to load (default: .env when present)', nonEmpty)
    .option('--istio-version <version>', 'Istio chart version (overrides MESH_ISTIO_VERSION and the config)', nonEmpty)
    .option('--istio-repo <url>', 'Istio chart repository (overrides MESH_ISTIO_REPO and the config)', nonEmpty)
    .option('-v, --verbose', 'print every command mesh runs')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr, outputError: (text, write) => write(usageError(text, deps.color)) })
    .exitOverride();
  const context = () => new Context(deps, program.opts<GlobalOptions>(), invocation);

  let code: number = EXIT.OK;
  const host: CommandHost = { context, json: (on) => (json = on ?? false), exitWith: (c) => (code = c) };
  for (const register of COMMANDS) register(program, host);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return deps.signal.aborted ? interruptedCode(deps.signal) : code;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    // Once interrupted, whatever failed failed because of it: the exit code says so.
    if (deps.signal.aborted) return interrupted(deps);
    return printError(error, deps, json);
  }
}

// An empty value (`--config ""`, an unset variable in a script) would otherwise mean "the default".
function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('it is empty; give a value, or leave the option out for the default.');
  return value;
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
