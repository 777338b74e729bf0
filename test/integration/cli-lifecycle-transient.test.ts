import { describe, expect, test } from 'vitest';
import { cleanUpLifecycle, cluster, commandLines, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const CONFIG = `{ clusters: { dev: ${cluster(18497)} }, packages: { apps: mkNamespace({ name: 'apps' }) } }`;
const applies = (lines: string[]) =>
  lines.filter((l) => l.startsWith('kubectl --context k3d-dev apply --server-side --field-manager=k3d-mesh '));

describe('kubectl failures a moment would fix are retried; others are reported at once (fake k3d, kubectl and docker)', () => {
  test('an API server that refuses the first two applies (a cluster just created): mesh up waits and succeeds', async () => {
    const tools = fakes();
    const refused = 'The connection to the server 0.0.0.0:6443 was refused - did you specify the right host or port?\n';
    tools.setFaults({ kubectl: { apply: { exit: 1, stderr: refused, times: 2, match: 'k3d-mesh --force' } } });
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up', '--no-checks']);
    expect(run.code, said(run)).toBe(0);
    // The namespace apply, tried three times, then the inventory's.
    expect(applies(commandLines(tools)).length).toBeGreaterThanOrEqual(3);
  });

  test('a webhook that is not ready yet, and a conflict, are retried too', async () => {
    const tools = fakes();
    tools.setFaults({
      kubectl: {
        apply: [
          {
            exit: 1,
            stderr:
              'Error from server (InternalError): Internal error occurred: failed calling webhook "validate.example.io": failed to call webhook: Post "https://x.apps.svc:443/validate": dial tcp 10.43.0.9:443: connect: connection refused\n',
            times: 1,
            match: 'k3d-mesh --force',
          },
          {
            exit: 1,
            stderr:
              'Error from server (Conflict): Operation cannot be fulfilled on namespaces "apps": the object has been modified; please apply your changes to the latest version and try again\n',
            times: 1,
            match: 'k3d-mesh --force',
          },
        ],
      },
    });
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up', '--no-checks']);
    expect(run.code, said(run)).toBe(0);
  });

  test('a failure a retry would not change is reported at once, with the command and what kubectl said', async () => {
    const tools = fakes();
    const invalid = 'error: error validating "STDIN": error validating data: unknown field "spec.bogus"\n';
    tools.setFaults({ kubectl: { apply: { exit: 1, stderr: invalid, match: 'k3d-mesh --force' } } });
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up', '--no-checks']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown field "spec.bogus"');
    expect(applies(commandLines(tools))).toHaveLength(1);
  });
});
