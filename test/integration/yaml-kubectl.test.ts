import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readKubeDocument } from '../../lib/yaml/read.js';
import { toYaml } from '../../lib/yaml/write.js';
import { noKubectlMessage, realKubectl } from '../helpers/kubectl.js';

const run = promisify(execFile);

/** What the real kubectl reads from a manifest, without a cluster: `annotate --local` decodes and prints it. */
async function kubectlReads(manifest: string): Promise<Record<string, unknown>> {
  const child = run(realKubectl!, ['annotate', '--local', '-f', '-', '-o', 'json', 'mesh.test/read=1']);
  child.child.stdin!.end(manifest);
  return JSON.parse((await child).stdout) as Record<string, unknown>;
}

// Scalars a chart or a user may write unquoted, each read differently by YAML 1.1, YAML 1.2 and JSON.
const AWKWARD = [
  'yes',
  'no',
  'Yes',
  'NO',
  'on',
  'Off',
  'ON',
  'y',
  'Y',
  'n',
  'N',
  'true',
  'False',
  'TRUE',
  '~',
  'null',
  'Null',
  'NULL',
  '012',
  '08',
  '0o17',
  '0x1F',
  '0b101',
  '-0b11',
  '1_000',
  '+12',
  '-7',
  '1e3',
  '1.5',
  '.5',
  '-.5',
  '1.',
  '2024-01-01',
  '2024-01-01T10:00:00Z',
  '2001-12-14 21:59:43.10',
  '1:20',
  '12:30:45',
  'nan',
  '0.1.2',
  'v1.30',
  '1.30',
  '3306',
  '+',
  '.',
  '<<x',
  'yes please',
  'on-call',
];

describe.skipIf(!realKubectl)(`YAML as the real kubectl reads it${realKubectl ? '' : ` (skipped: ${noKubectlMessage})`}`, () => {
  it('mesh reads every awkward plain scalar as kubectl does', async () => {
    const data = AWKWARD.map((text, i) => `  k${i}: ${text}`).join('\n');
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: corpus\ndata:\n${data}\n`;
    const theirs = (await kubectlReads(manifest)).data;
    const ours = (readKubeDocument(manifest).value as { data: unknown }).data;
    expect(ours).toEqual(theirs);
  });

  it('what mesh writes, kubectl reads back exactly, strings as strings and keys as keys', async () => {
    const strings = Object.fromEntries(AWKWARD.map((text) => [text, text]));
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'written', labels: { tier: 'on', release: '2024-01-01', zone: 'y' }, annotations: { port: '3306' } },
      data: strings,
    };
    const back = await kubectlReads(toYaml(object));
    expect(back.data).toEqual(strings);
    expect(back.metadata).toEqual({ ...object.metadata, annotations: { ...object.metadata.annotations, 'mesh.test/read': '1' } });
  });

  it('a repeated key takes the last value, as kubectl does, and is reported', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\ndata:\n  format: text\n  format: json\n';
    const read = readKubeDocument(manifest);
    expect((read.value as { data: unknown }).data).toEqual((await kubectlReads(manifest)).data);
    expect((read.value as { data: unknown }).data).toEqual({ format: 'json' });
    expect(read.duplicateKeys).toEqual(['format']);
  });

  it('an unquoted yes as a label is what kubectl refuses, and what mesh reads as a boolean', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  labels:\n    enabled: yes\n';
    await expect(kubectlReads(manifest)).rejects.toThrow(
      /cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string/,
    );
    expect(readKubeDocument(manifest).value).toMatchObject({ metadata: { labels: { enabled: true } } });
  });
});
