import type { Command } from 'commander';
import type { Context } from './context.js';

/** What a command gets from cli/main.ts when it registers itself. */
export interface CommandHost {
  /** The run's context (config loading, tools, output), made on first use. */
  context(): Context;
  /** Marks the output as JSON, so an error is printed as a JSON document too. */
  json(on: boolean | undefined): void;
  /** The exit code of a run that succeeded but has something to say by it (`mesh diff`: 1 when there are changes). */
  exitWith(code: number): void;
}

/** Each file in cli/commands exports one: it declares its command, flags and action. */
export type Register = (program: Command, host: CommandHost) => void;

/** For repeatable flags such as `--cluster a --cluster b`. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
