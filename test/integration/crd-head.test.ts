import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'tar';
import { describe, expect, it } from 'vitest';
import { crdHead, headOfText, withoutSchemas } from '../../lib/render/crd-head.js';
import { isCrd, parseDoc, splitDocuments } from '../../lib/render/documents.js';
import { chartsRepoDir, istioChartsDir } from '../helpers/paths.js';

// The CRD files a packaged chart brings, under any crds/ folder of it or its subcharts.
function archiveCrds(archive: string): string[] {
  const texts: string[] = [];
  const parser = new Parser({
    onReadEntry: (entry) => {
      if (!/\/crds\/[^/]+\.ya?ml$/.test(entry.path)) return entry.resume();
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => texts.push(Buffer.concat(chunks).toString('utf8')));
    },
  });
  parser.end(gunzipSync(readFileSync(archive)));
  return texts;
}

const sources: Array<[string, string[]]> = [
  ["Istio 1.30.3's base (15 CRDs)", [readFileSync(join(istioChartsDir, 'base', 'files', 'crd-all.gen.yaml'), 'utf8')]],
  ["kube-prometheus-stack 88.5.3's crds subchart (10 CRDs)", archiveCrds(join(chartsRepoDir, 'kube-prometheus-stack-88.5.3.tgz'))],
  ["Percona's pxc-operator 1.20.0", archiveCrds(join(chartsRepoDir, 'pxc-operator-1.20.0.tgz'))],
];

describe("a CRD's head read without its schemas (real CRDs)", () => {
  for (const [name, files] of sources) {
    it(`is the head of the whole CRD for every CRD of ${name}, in a fraction of the text`, () => {
      const docs = files.flatMap((text) => splitDocuments(text).filter(isCrd));
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) {
        const whole = parseDoc(doc.text) as Record<string, unknown>;
        expect(headOfText(doc.text)).toEqual(crdHead(whole));
        expect(withoutSchemas(doc.text).length).toBeLessThan(doc.text.length / 4);
      }
    });
  }

  it('gives none when what is left does not read as a CRD, so the whole is read instead', () => {
    expect(headOfText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n')).toBeUndefined();
    // A sequence at the key's own column is the key's value in YAML: cutting it leaves no valid document.
    const odd = 'kind: CustomResourceDefinition\nspec:\n  versions:\n  - name: v1\n    schema:\n    - a\n    served: true\n';
    expect(headOfText(odd)).toBeUndefined();
  });
});
