import { httpGet } from './http-get.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MeshError } from '../../errors.js';
import type { Env } from '../../process/find-binary.js';
import { sha256 } from '../digest.js';
import { load } from 'js-yaml';

export interface FetchChartArgs {
  repo: string;
  chart: string;
  /** An exact version; anything else is left to helm. */
  version: string;
  destination: string;
  signal?: AbortSignal;
}

export interface FetchedChart {
  archive: string;
  version: string;
  /** sha256 of the downloaded archive, checked against the index's when it has one. */
  digest: string;
  /** Where the archive came from, for the lock: the next cold cache fetches it from there, without the index. */
  url?: string;
}

/**
 * Downloads charts from http(s) repositories without starting helm. It is only
 * a fast path: `undefined` means "let `helm pull` do it", so whenever helm
 * could behave differently (ranges, proxies, credentials, any failure), helm
 * does, with its own semantics and error messages.
 */
export interface RepoFetcher {
  fetchChart(args: FetchChartArgs): Promise<FetchedChart | undefined>;
  /** The archive a lock recorded, from its URL, when its bytes still have the recorded digest; else undefined. */
  fetchLocked(args: { url: string; digest: string; chart: string; version: string; destination: string; signal?: AbortSignal | undefined }): Promise<FetchedChart | undefined>;
  /** What the repository's index.yaml lists: chart names, and the versions of `chart`; undefined when it cannot be read here. */
  listing(repo: string, chart: string, signal?: AbortSignal): Promise<{ charts: string[]; versions: string[] } | undefined>;
}

// Node's http does not honour these and helm does: behind a proxy only helm knows the way.
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'];
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const TIMEOUT_MS = 10_000;

/** `entries` of index.yaml, unchecked: every field is tested where it is used. */
type Index = Record<string, Array<{ version?: unknown; digest?: unknown; urls?: unknown } | null> | undefined>;

/** One fetcher per render: each repository's index.yaml is downloaded once, however many charts come from it. */
export function repoFetcher(env: Env): RepoFetcher {
  const proxied = PROXY_VARIABLES.some((name) => env[name]);
  const indexes = new Map<string, Promise<Index | undefined>>();
  const indexOf = (base: URL, signal: AbortSignal | undefined): Promise<Index | undefined> => {
    const folder = under(base, '/');
    let index = indexes.get(folder.href);
    if (index === undefined) {
      index = readIndex(under(base, '/index.yaml'), signal);
      indexes.set(folder.href, index);
    }
    return index;
  };
  return {
    async listing(repo, chart, signal) {
      const base = repoBase(repo);
      const index = proxied || base === undefined ? undefined : await indexOf(base, signal).catch(() => undefined);
      if (index === undefined) return undefined;
      const versions = (index[chart] ?? []).map((e) => e?.version).filter((v): v is string => typeof v === 'string');
      return { charts: Object.keys(index).sort(), versions };
    },
    async fetchChart({ repo, chart, version, destination, signal }) {
      const base = repoBase(repo);
      if (proxied || base === undefined || !EXACT_VERSION.test(version) || !/^[\w.-]+$/.test(chart)) return undefined;
      const folder = under(base, '/');
      const index = indexOf(base, signal);
      // The same exact-string match helm tries first; anything looser is helm's to resolve.
      const entry = (await index)?.[chart]?.find((e) => e?.version === version) ?? undefined;
      const url = entry === undefined ? undefined : chartUrl(folder, entry.urls);
      if (entry === undefined || url === undefined) return undefined;
      const bytes = await get(url, signal, 'identity');
      if (bytes === undefined) return undefined;
      const digest = sha256(bytes);
      const expected = indexDigest(entry.digest);
      if (expected !== undefined && expected !== digest) {
        throw new MeshError(
          `chart ${chart} ${version} from ${url.href} has digest ${digest}, but the repository's index.yaml says ${expected}`,
          {
            hint: 'the repository serves an archive that does not match its own index: it may be mid-publish or tampered with; try again later or tell its maintainers',
          },
        );
      }
      return { archive: await saveArchive(destination, chart, version, bytes), version, digest, url: url.href };
    },
    async fetchLocked({ url, digest, chart, version, destination, signal }) {
      const parsed = repoBase(url);
      if (proxied || parsed === undefined || !/^[\w.-]+$/.test(chart)) return undefined;
      const bytes = await get(parsed, signal, 'identity');
      // Anything else (gone, republished) goes the long way, through the index, where it is explained.
      if (bytes === undefined || sha256(bytes) !== digest) return undefined;
      return { archive: await saveArchive(destination, chart, version, bytes), version, digest, url };
    },
  };
}

async function saveArchive(destination: string, chart: string, version: string, bytes: Buffer): Promise<string> {
  await mkdir(destination, { recursive: true });
  const archive = join(destination, `${chart}-${version}.tgz`);
  await writeFile(archive, bytes);
  return archive;
}

/** A repository or archive URL mesh fetches itself, or undefined when helm should (other schemes, credentials in the URL). */
function repoBase(repo: string): URL | undefined {
  if (!URL.canParse(repo)) return undefined;
  const url = new URL(repo);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return undefined;
  return url;
}

/** `path` appended to the repo's path, as helm joins it: trailing slashes dropped, query kept. */
function under(base: URL, path: string): URL {
  const url = new URL(base);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  return url;
}

async function readIndex(url: URL, signal: AbortSignal | undefined): Promise<Index | undefined> {
  const bytes = await get(url, signal);
  if (bytes === undefined) return undefined;
  try {
    const parsed = load(bytes.toString('utf8')) as { entries?: unknown } | null;
    const entries = parsed?.entries;
    return entries !== null && typeof entries === 'object' && !Array.isArray(entries) ? (entries as Index) : undefined;
  } catch {
    // helm reads the same bytes and says what is wrong with them.
    return undefined;
  }
}

/** `urls[0]` as helm resolves it: absolute as is, else relative to the repo's folder, with the repo URL's query. */
function chartUrl(folder: URL, urls: unknown): URL | undefined {
  const first = Array.isArray(urls) ? (urls[0] as unknown) : undefined;
  if (typeof first !== 'string' || first === '') return undefined;
  let url: URL;
  if (URL.canParse(first)) {
    url = new URL(first);
  } else {
    if (!URL.canParse(first, folder.href)) return undefined;
    url = new URL(first, folder);
    url.search = folder.search;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** Helm writes bare lowercase hex; a digest in any other shape is ignored, as helm ignores them all. */
function indexDigest(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** The body of a 2xx answer, or undefined on anything else, so helm can retry and explain. */
async function get(url: URL, signal: AbortSignal | undefined, encoding?: 'identity'): Promise<Buffer | undefined> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  try {
    return await httpGet(url, {
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      // An archive is hashed as served: a server that gzipped it again would hand back other bytes.
      gzip: encoding !== 'identity',
      userAgent: 'k3d-mesh',
    });
  } catch {
    // An interrupted render stops; every other failure is helm's to report.
    if (signal?.aborted) throw signal.reason;
    return undefined;
  }
}
