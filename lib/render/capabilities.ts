import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentCache } from './cache.js';
import { sha256 } from './digest.js';
import { isCrd, splitDocuments } from './documents.js';
import { readCrdHead } from './crd-store.js';
import { unpackArchive } from './charts/unpacked-archive.js';

const ASKED = /Capabilities\.APIVersions\.Has\s+(?:"([^"]+)"|`([^`]+)`|(\S))/g;

/** What a chart asks `.Capabilities.APIVersions` about: literal versions, or anything (a version in a variable). */
export interface ApiVersionsAsked {
  literal: string[];
  dynamic: boolean;
}

/**
 * What a chart (its subcharts included) asks `.Capabilities.APIVersions`.
 * Only the served API versions it asks about can change its output, so only
 * those are passed to helm, and a chart that asks nothing is never rendered
 * twice. Remembered by the chart's digest.
 */
export function apiVersionsAsked(path: string, digest: string, cache: ContentCache): ApiVersionsAsked {
  const key = sha256(`api-versions-asked\0${digest}`);
  if (cache.hasRender(key)) return JSON.parse(cache.readRender(key)) as ApiVersionsAsked;
  const text = statSync(path).isDirectory() ? folderText(path) : unpackArchive(path).toString('latin1');
  const literal = new Set<string>();
  let dynamic = false;
  for (const match of text.matchAll(ASKED)) {
    const version = match[1] ?? match[2];
    if (version === undefined) dynamic = true;
    else literal.add(version);
  }
  const asked = { literal: [...literal].sort(), dynamic };
  cache.putRender(key, JSON.stringify(asked));
  return asked;
}

function folderText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? folderText(join(dir, entry.name)) : readFileSync(join(dir, entry.name), 'latin1')))
    .join('\n');
}

/**
 * `group/version` and `group/version/Kind` for every version the CRDs among
 * these manifests serve: what `.Capabilities.APIVersions` holds on a cluster
 * that has them. Remembered by the manifests' keys, since CRDs are large to read.
 */
export function servedApiVersions(manifests: ReadonlyArray<{ key: string; text: string }>, cache: ContentCache): string[] {
  const key = sha256(`served-api-versions\0${manifests.map((m) => m.key).join('\0')}`);
  if (cache.hasRender(key)) return JSON.parse(cache.readRender(key)) as string[];
  const served = new Set<string>();
  for (const manifest of manifests) {
    for (const doc of splitDocuments(manifest.text).filter(isCrd)) {
      const spec = (readCrdHead(doc.text, cache) as { spec?: { group?: string; names?: { kind?: string }; versions?: unknown } }).spec;
      const versions = Array.isArray(spec?.versions) ? (spec.versions as Array<{ name?: unknown; served?: unknown }>) : [];
      for (const v of versions.filter((v) => v.served === true && typeof v.name === 'string')) {
        served.add(`${spec!.group}/${String(v.name)}`);
        if (spec?.names?.kind) served.add(`${spec.group}/${String(v.name)}/${spec.names.kind}`);
      }
    }
  }
  const list = [...served].sort();
  cache.putRender(key, JSON.stringify(list));
  return list;
}
