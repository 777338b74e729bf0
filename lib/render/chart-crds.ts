import type { ContentCache } from './cache.js';
import { tarFiles } from './charts/tar-entries.js';
import { unpackedAlready } from './charts/unpacked-archive.js';
import { readCrdHead } from './crd-store.js';
import { isCrd, splitDocuments } from './documents.js';

// Helm takes CRDs from every `crds/` folder of a chart and of its subcharts, files ending .yaml, .yml or .json.
const CRD_FILE = /^[^/]+\/(?:charts\/[^/]+\/)*crds\/.+\.(?:ya?ml|json)$/;

/**
 * The CRD documents a packaged chart ships, exactly as `helm template
 * --include-crds` prints them: `---`, a `# Source:` line naming the file,
 * then the file. They are known before helm has run, so their heads can be
 * read while it runs.
 */
export function chartCrdDocuments(tar: Buffer): string[] {
  return tarFiles(tar, (path) => CRD_FILE.test(path)).flatMap((file) =>
    splitDocuments(`---\n# Source: ${file.path}\n${file.data.toString('utf8')}\n`)
      .filter(isCrd)
      .map((doc) => doc.text),
  );
}

/**
 * Reads the heads of an archive's CRDs (see crd-store.ts) while helm renders
 * it, one per turn of the event loop, and stops once helm is done. After
 * helm, the served API versions need those heads at once; read here, they
 * are found by their text. Only for an archive this process unpacked
 * already (a first render of it): otherwise the heads are in the cache.
 */
export function readCrdHeadsMeanwhile(archive: string, cache: ContentCache, rendering: Promise<unknown>): void {
  const tar = unpackedAlready(archive);
  if (tar === undefined) return;
  let done = false;
  rendering.then(
    () => (done = true),
    () => (done = true),
  );
  let docs: string[] | undefined;
  const next = (i: number): void => {
    if (done) return;
    docs ??= chartCrdDocuments(tar);
    if (i >= docs.length) return;
    readCrdHead(docs[i]!, cache);
    setImmediate(next, i + 1);
  };
  setImmediate(next, 0);
}
