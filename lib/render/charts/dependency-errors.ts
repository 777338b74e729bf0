import { MeshError, ToolError } from '../../errors.js';
import { withToolOutput } from '../../process/tool-output.js';

// helm speaks of the copy in mesh's cache; the user knows the chart by the path in their config.
export function fetchFailure(error: unknown, shown: string, copy: string, pins: ReadonlyArray<{ name: string; repository: string }>): unknown {
  if (!(error instanceof MeshError)) return error;
  const stderr = error instanceof ToolError ? error.stderr : String((error.cause as { stderr?: unknown } | undefined)?.stderr ?? '');
  const output = stderr.split(copy).join(shown);
  const wanted = /can't get a valid version for .*?: (.*)\. Make sure/.exec(output)?.[1];
  const from = pins.map((p) => `${p.name} from ${p.repository}`).join(', ');
  // helm reports an unreachable repository on stdout and then fails on the index it could not get, naming its own cache.
  if (/no cached repository for helm-manager-/.test(output)) {
    return new MeshError(`chart ${shown}: the repository of a dependency cannot be reached (${from})`, {
      exitCode: error.exitCode,
      cause: error,
      hint: "check the repository URLs in the chart's Chart.yaml, and your network",
    });
  }
  // A repository named `@name` in Chart.yaml is one the user added to helm; helm knows no such name here.
  const alias = /no repository definition for (@?[^.\s]+)/.exec(output)?.[1];
  if (alias) {
    const name = alias.replace(/^@/, '');
    return new MeshError(`chart ${shown}: helm knows no repository named ${alias}, which a dependency is to come from (${from})`, {
      exitCode: error.exitCode,
      cause: error,
      hint: `add it to helm with \`helm repo add ${name} <URL>\`, or give the repository's URL instead of ${alias} in the chart's Chart.yaml`,
    });
  }
  const summary = wanted ? `chart ${shown}: no version of its dependency fits: ${wanted}` : `chart ${shown}: its dependencies could not be fetched (${from})`;
  const hint =
    error instanceof ToolError || wanted
      ? "check each dependency's repository and version in the chart's Chart.yaml; `mesh render --update` resolves versions again"
      : (error.hint ?? "check each dependency's repository in the chart's Chart.yaml, and your network");
  return new MeshError(withToolOutput(summary, 'helm', output, 10), { exitCode: error.exitCode, cause: error, hint });
}

