import type { ContentCache } from './cache.js';
import { tarFiles } from './charts/tar-entries.js';
import { unpackedAlready } from './charts/unpacked-archive.js';
import { readCrd, readCrdHead } from './crd-store.js';
import { crdGroupKind } from './crd-head.js';
import { isCrd, splitDocuments } from './documents.js';
import { prepareCompiler } from './validate/validators.js';

// Helm takes CRDs from every `crds/` folder of a chart and of its subcharts, files ending .yaml, .yml or .json.
const CRD_FILE = /^[^/]+\/(?:charts\/[^/]+\/)*crds\/.+\.(?:ya?ml|json)$/;
const TEMPLATE = /^[^/]+\/(?:charts\/[^/]+\/)*templates\//;
const KIND_LINE = /^[ \t-]*kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*$/gm;

/**
 * The CRD documents a packaged chart ships, exactly as `helm template
 * --include-crds` prints them: `---`, a `# Source:` line naming the file,
 * then the file. They are known before helm has run.
 */
export function chartCrdDocuments(tar: Buffer): string[] {
  return tarFiles(tar, (path) => CRD_FILE.test(path)).flatMap((file) =>
    splitDocuments(`---\n# Source: ${file.path}\n${file.data.toString('utf8')}\n`)
      .filter(isCrd)
      .map((doc) => doc.text),
  );
}

/** Kinds the chart's templates name literally (`kind: Prometheus`): the custom resources it can render. */
export function templateKinds(tar: Buffer): Set<string> {
  const kinds = new Set<string>();
  for (const file of tarFiles(tar, (path) => TEMPLATE.test(path))) {
    for (const match of file.data.toString('latin1').matchAll(KIND_LINE)) kinds.add(match[1]!);
  }
  return kinds;
}

/**
 * Reads a packaged chart's CRDs (crd-store.ts) while helm renders it, one
 * per turn of the event loop, and stops once helm is done: first every
 * head, which the served API versions need at once after helm, then Ajv
 * and whole the CRDs of kinds the templates name, which the checks of
 * those objects need. Found later by their text, they cost nothing then.
 * Helm uses about one core, so this is work the other core would spend
 * waiting. A CRD left unread is read when needed, as without this. Only
 * for an archive this process unpacked already (a first render of it):
 * otherwise it is cached. The caller asks only for a chart that asks
 * `.Capabilities.APIVersions`: the served versions read every head right
 * after helm; for any other chart the heads may never be needed, and a
 * small chart's helm is soon done.
 */
export function readCrdsMeanwhile(archive: string, cache: ContentCache, rendering: Promise<unknown>): void {
  const tar = unpackedAlready(archive);
  if (tar === undefined) return;
  let done = false;
  rendering.then(
    () => (done = true),
    () => (done = true),
  );
  const steps: Array<() => void> = [];
  const next = (): void => {
    if (done) return;
    if (steps.length === 0) plan(tar, cache, steps);
    steps.shift()?.();
    if (steps.length > 0) setImmediate(next);
  };
  setImmediate(next);
}

function plan(tar: Buffer, cache: ContentCache, steps: Array<() => void>): void {
  const docs = chartCrdDocuments(tar);
  if (docs.length === 0) return;
  const kinds = templateKinds(tar);
  const named = (doc: string) => kinds.has(crdGroupKind(readCrdHead(doc, cache)).kind);
  for (const doc of docs) steps.push(() => void readCrdHead(doc, cache));
  // Objects of these kinds are checked by validators compiled for their fields: Ajv can be ready for them.
  steps.push(() => void (docs.some(named) && prepareCompiler(cache.dir)));
  for (const doc of docs) steps.push(() => void (named(doc) && readCrd(doc, cache)));
}
