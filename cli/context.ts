import type { HelmAdapter } from '../lib/tools/helm/adapter.js';
import { observedRunner, type Runner } from '../lib/process/runner.js';
import { cacheDir } from '../lib/paths.js';

/** What a command needs from the outside world; tests pass their own. */
export interface Deps {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal and CI is not set: live progress instead of log lines. */
  interactive: boolean;
  color: boolean;
  runner: Runner;
  signal: AbortSignal;
}

/** The question a run was asked, for the warm-render shortcut (see lib/render/fast). */
export interface Invocation {
  argv: readonly string[];
  /** The environment as mesh started, before `.env` added to it. */
  env: NodeJS.ProcessEnv;
}

export interface GlobalOptions {
  config?: string;
  envFile?: string;
  verbose?: boolean;
  istioVersion?: string;
  istioRepo?: string;
}

/** Lazily created tools and paths shared by the commands of one run. */
export class Context {
  readonly cacheDir: string;
  readonly runner: Runner;
  /** Every warning line written, as written. */
  readonly warned: string[] = [];
  private helmAdapter: Promise<HelmAdapter> | undefined;

  constructor(
    readonly deps: Deps,
    readonly options: GlobalOptions,
    readonly invocation: Invocation = { argv: [], env: {} },
  ) {
    this.cacheDir = cacheDir(deps.env);
    this.runner = options.verbose
      ? observedRunner(deps.runner, ({ display, result }) => {
          if (!result) deps.stderr(`$ ${display}\n`);
        })
      : deps.runner;
  }

  helm(): Promise<HelmAdapter> {
    this.helmAdapter ??= import('../lib/tools/helm/adapter.js').then(({ helmAdapter }) =>
      helmAdapter({ runner: this.runner, env: this.deps.env, cacheDir: this.cacheDir, notice: (message) => this.warn(message) }),
    );
    return this.helmAdapter;
  }

  async load() {
    const { loadConfig } = await import('../config/load.js');
    return loadConfig({
      cwd: this.deps.cwd,
      env: this.deps.env,
      cacheDir: this.cacheDir,
      overrides: {
        ...(this.options.istioVersion ? { istioVersion: this.options.istioVersion } : {}),
        ...(this.options.istioRepo ? { istioRepo: this.options.istioRepo } : {}),
      },
      ...(this.options.config ? { configPath: this.options.config } : {}),
      ...(this.options.envFile ? { envFile: this.options.envFile } : {}),
      warn: (message: string) => this.warn(message),
    });
  }

  /**
   * Holds the project's run lock while `work` runs: a second changing run of
   * the same project refuses instead of racing this one.
   */
  async exclusive<T>(project: string, command: string, work: () => Promise<T>): Promise<T> {
    const { acquireRunLock } = await import('../lib/process/run-lock.js');
    const lock = acquireRunLock({ cacheDir: this.cacheDir, project, command, warn: (message) => this.warn(message) });
    try {
      return await work();
    } finally {
      lock.release();
    }
  }

  warn(message: string): void {
    const line = `${this.deps.color ? '\x1b[33mwarning\x1b[0m' : 'warning'}: ${message}\n`;
    this.warned.push(line);
    this.deps.stderr(line);
  }
}

export { isCI } from '../lib/process/terminal.js';
