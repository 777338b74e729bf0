import type { Command, CommandResult, Runner } from '../../lib/process/runner.js';

export type FakeResponse = Partial<CommandResult> | ((command: Command) => Partial<CommandResult> | Promise<Partial<CommandResult>>);

interface Rule {
  match: (command: Command) => boolean;
  response: FakeResponse;
}

/**
 * An in-process Runner for tests: records every command and answers from
 * rules, first match wins. An unmatched command fails loudly (exit 127), so a
 * test never passes because a call silently did nothing.
 */
export class FakeRunner implements Runner {
  readonly calls: Command[] = [];
  private readonly rules: Rule[] = [];

  on(match: string | RegExp | ((command: Command) => boolean), response: FakeResponse): this {
    this.rules.push({ match: toMatcher(match), response });
    return this;
  }

  async run(command: Command): Promise<CommandResult> {
    this.calls.push(command);
    const rule = this.rules.find((candidate) => candidate.match(command));
    if (!rule) {
      return { exitCode: 127, stdout: '', stderr: `fake runner: no answer for \`${lineOf(command)}\`` };
    }
    const answer = typeof rule.response === 'function' ? await rule.response(command) : rule.response;
    return { exitCode: answer.exitCode ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
  }

  /** The recorded calls as `tool arg arg ...` lines, the shape tests assert on. */
  lines(): string[] {
    return this.calls.map(lineOf);
  }
}

function toMatcher(match: string | RegExp | ((command: Command) => boolean)): (command: Command) => boolean {
  if (typeof match === 'function') return match;
  if (typeof match === 'string') return (command) => lineOf(command).startsWith(match);
  return (command) => match.test(lineOf(command));
}

function lineOf(command: Command): string {
  return [command.tool, ...command.args].join(' ');
}
