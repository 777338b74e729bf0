// `kubectl exec POD [-c CONTAINER] -- CMD...` in a probe pod: the busybox
// commands mesh's cross-cluster check runs, answered from the network model.
// A command that exits non-zero makes kubectl print "command terminated with
// exit code N" and exit N, as the real one does.
import { Out, flagValue, q } from '../common.js';
import { connect as reachFrom, lookup } from '../net.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { connect } from './connect.js';

const DNS = '10.43.0.10';

export function exec(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const conn = connect(ctx, parsed, { namespaceFirst: true });
  const dash = ctx.argv.indexOf('--');
  const command = dash < 0 ? [] : ctx.argv.slice(dash + 1);
  const podName = args[0];
  if (!podName || command.length === 0) return out.fail(1, 'error: you must specify at least one command for the container').result();
  const pod = conn.view.pods().find((p: Json) => p.metadata.namespace === conn.namespace && p.metadata.name === podName);
  if (!pod) return out.fail(1, `Error from server (NotFound): pods ${q(podName)} not found`).result();
  const container = flagValue(parsed, 'container') ?? pod.spec.containers[0].name;
  if (!pod.spec.containers.some((c: Json) => c.name === container))
    return out.fail(1, `Error from server (BadRequest): container ${container} is not valid for pod ${podName}`).result();
  if (pod.status?.phase !== 'Running') {
    return out.fail(1, `error: unable to upgrade connection: container not found (${q(container)})`).result();
  }
  const terminated = (code: number) => out.fail(code, `command terminated with exit code ${code}`).result();
  const [program, ...rest] = command;
  if (program === 'nslookup') {
    const host = rest[rest.length - 1]!;
    const answer = lookup(conn.view, pod, host);
    // busybox 1.37 (networking/nslookup.c): no reply from any server, after its retries, is this line on stdout and exit 1.
    if ('timeout' in answer) {
      out.out(';; connection timed out; no servers could be reached\n\n');
      return terminated(1);
    }
    out.out(`Server:\t\t${DNS}\nAddress:\t${DNS}:53\n\n`);
    if ('nxdomain' in answer) {
      out.out(`** server can't find ${host}: NXDOMAIN\n\n`);
      return terminated(1);
    }
    out.out(answer.addresses.map((a) => `Name:\t${host}\nAddress: ${a}\n`).join('') + '\n');
    return out.result();
  }
  if (program === 'nc') {
    const [address, port] = rest.filter((a, i) => !a.startsWith('-') && rest[i - 1] !== '-w');
    const result = reachFrom(ctx, conn.view, pod, address!, Number(port));
    if (result.ok) return out.result();
    out.err(`nc: ${address} (${address}:${port}): ${result.why}\n`);
    return terminated(1);
  }
  return out
    .fail(
      1,
      `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: ${q(program!)}: executable file not found in $PATH: unknown`,
    )
    .result();
}
