import { describe, expect, it } from 'vitest';
import { ConfigError, ToolError } from '../../lib/errors.js';
import { renderFailure } from '../../lib/tools/helm/render-errors.js';

// helm v4.1.4's own words for a values file it cannot read (`helm template ... --values <file>`).
const failed = (path: string, detail: string) =>
  new ToolError({ command: 'helm template', code: 1, stderr: `Error: failed to parse ${path}: ${detail}\n` });

describe("helm's failures to read a values file, said in the user's terms", () => {
  it('names the file and what is wrong with its YAML, on POSIX and Windows paths alike', () => {
    for (const path of ['/home/me/ci/bad.yaml', 'C:\\Users\\me\\ci\\bad.yaml']) {
      const error = renderFailure(
        failed(path, "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'"),
        'kube-state-metrics 8.4.0',
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect(error!.message.split('\n')[0]).toBe(
        `values file ${path} given to chart kube-state-metrics 8.4.0 is not valid YAML: yaml: line 2: did not find expected ',' or ']'`,
      );
    }
  });

  it('says so when the file holds a list rather than a mapping of values', () => {
    const error = renderFailure(
      failed(
        '/p/list.yaml',
        'cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
      ),
      'x',
    );
    expect(error!.message.split('\n')[0]).toBe('values file /p/list.yaml given to chart x is not a mapping of keys to values');
  });
});
