import { ConfigError, MeshError, type ToolError } from '../../errors.js';
import { withToolOutput } from '../../process/tool-output.js';

/**
 * `helm template` failures that come from the chart or the values given,
 * said in the user's terms: which chart, what it asked for, where to fix it.
 * helm's own text follows, without its cache paths.
 */
export function renderFailure(error: ToolError, chart: string): MeshError | undefined {
  const stderr = error.stderr.replace(/\n*Use --debug flag to render out invalid YAML\s*$/, '');
  const make = (kind: typeof MeshError, summary: string, hint: string) =>
    new kind(withToolOutput(summary, 'helm', stderr, 20), { hint, cause: error });
  const execution = /execution error at \(([^)]+)\): ([^\n]*)/.exec(stderr);
  if (execution) {
    return make(
      ConfigError,
      `chart ${chart} stopped rendering at ${execution[1]}: ${execution[2]}`,
      "that is the chart's own message (a `required` value, most often): set what it asks for under the target's `values`",
    );
  }
  const schema = /values don't meet the specifications of the schema\(s\)/.test(stderr);
  if (schema) {
    const lines = stderr
      .split('\n')
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2));
    return make(
      ConfigError,
      `the values given to chart ${chart} do not fit its values.schema.json: ${lines.join('; ')}`,
      "fix them under the target's `values`",
    );
  }
  const dependencies = /missing in charts\/ directory: ([^\n]+)/.exec(stderr);
  if (dependencies) {
    return make(
      MeshError,
      `chart ${chart} declares dependencies that are not in its charts/ folder: ${dependencies[1]}`,
      "vendor them with `helm dependency build` in the chart's folder (mesh does not write into it), or use the packaged chart from its repository",
    );
  }
  const valuesFile = /failed to parse ([^\n]+?): (?:cannot unmarshal yaml document: )?([^\n]*)/.exec(stderr);
  if (valuesFile) {
    const notMap = /cannot unmarshal \w+ into Go value of type map/.test(valuesFile[2]!);
    return make(
      ConfigError,
      notMap
        ? `values file ${valuesFile[1]} given to chart ${chart} is not a mapping of keys to values`
        : `values file ${valuesFile[1]} given to chart ${chart} is not valid YAML: ${valuesFile[2]!.replace(/^error converting YAML to JSON: /, '')}`,
      'fix the file (helm reads it as YAML 1.1, as `helm template -f` does), or leave it out of `valuesFiles`',
    );
  }
  const kube = /chart requires kubeVersion: (\S+) which is incompatible with Kubernetes (\S+)/.exec(stderr);
  if (kube) {
    return make(
      ConfigError,
      `chart ${chart} requires Kubernetes ${kube[1]}, and is rendered for Kubernetes ${kube[2]}`,
      "set `kubeVersion` on the chart to your clusters' version, or use a version of the chart that supports it",
    );
  }
  return undefined;
}
