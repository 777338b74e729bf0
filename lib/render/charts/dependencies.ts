import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { ConfigError } from '../../errors.js';

/** One entry of a Chart.yaml's `dependencies`. */
export interface Dependency {
  name: string;
  version: string | undefined;
  repository: string;
}

/** What a local chart declares and what its charts/ folder already holds. */
export interface ChartFiles {
  /** The chart's own name, from its Chart.yaml. */
  name: string;
  dependencies: Dependency[];
  /** What its own Chart.lock pins, by dependency name. */
  locked: Map<string, { version: string; repository: string }>;
  /** Names of the charts in its charts/ folder, as folders or as `<name>-<version>.tgz`. */
  vendored: string[];
}

const require = createRequire(import.meta.url);

/** The dependencies a chart declares that its charts/ folder lacks: what `helm template` would refuse. */
export function missingDependencies(files: ChartFiles): Dependency[] {
  return files.dependencies.filter((d) => !files.vendored.some((v) => v === d.name || new RegExp(`^${escape(d.name)}-v?\\d.*\\.tgz$`).test(v)));
}

/** Reads a chart folder's Chart.yaml, Chart.lock and charts/ listing. */
export function readChartFolder(dir: string, shown: string): ChartFiles {
  const text = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : undefined);
  const charts = join(dir, 'charts');
  const vendored = existsSync(charts) && statSync(charts).isDirectory() ? readdirSync(charts) : [];
  return chartFiles(text('Chart.yaml'), text('Chart.lock'), vendored, shown);
}

/** The same, from the entries of a packaged chart (`<root>/Chart.yaml`, `<root>/charts/<x>/...`). */
export async function readChartArchive(file: string, shown: string): Promise<ChartFiles> {
  const { t } = require('tar') as typeof import('tar');
  const texts = new Map<string, string>();
  const vendored = new Set<string>();
  await t({
    file,
    onReadEntry: (entry) => {
      const parts = entry.path.split('/');
      if (parts.length === 2 && (parts[1] === 'Chart.yaml' || parts[1] === 'Chart.lock')) {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => texts.set(parts[1]!, Buffer.concat(chunks).toString('utf8')));
      } else entry.resume();
      if (parts.length >= 3 && parts[1] === 'charts' && parts[2]) vendored.add(parts[2]);
    },
  });
  return chartFiles(texts.get('Chart.yaml'), texts.get('Chart.lock'), [...vendored], shown);
}

/** `file://../common` made absolute against the chart's own folder, which a copy elsewhere no longer has beside it. */
export function absoluteFileRepository(repository: string, chartDir: string): string {
  const path = repository.slice('file://'.length);
  return isAbsolute(path) ? repository : `file://${resolve(chartDir, path)}`;
}

/** The folder a `file://` dependency of a chart in `chartPath` (a folder or an archive) points at. */
export function fileDependencyDir(repository: string, chartPath: string): string {
  const base = statSync(chartPath).isDirectory() ? chartPath : dirname(chartPath);
  return absoluteFileRepository(repository, base).slice('file://'.length);
}

function chartFiles(chartYaml: string | undefined, chartLock: string | undefined, vendored: string[], shown: string): ChartFiles {
  if (chartYaml === undefined) {
    throw new ConfigError(`chart ${shown} has no Chart.yaml`, { hint: 'point `chart` at a chart folder or a packaged .tgz made by `helm package`' });
  }
  const { parse } = require('yaml') as typeof import('yaml');
  const read = (text: string, file: string): Record<string, unknown> => {
    try {
      const value: unknown = parse(text);
      return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch (error) {
      throw new ConfigError(`chart ${shown}: ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
        hint: `fix ${file} in the chart`,
      });
    }
  };
  const chart = read(chartYaml, 'Chart.yaml');
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object') : []);
  const dependencies = list(chart.dependencies)
    .filter((d) => typeof d.name === 'string')
    .map((d) => ({ name: String(d.name), version: d.version === undefined ? undefined : String(d.version), repository: String(d.repository ?? '') }));
  const lockList = list(chartLock === undefined ? [] : read(chartLock, 'Chart.lock').dependencies);
  const locked = new Map(lockList.map((d) => [String(d.name), { version: String(d.version), repository: String(d.repository ?? '') }]));
  return { name: String(chart.name ?? ''), dependencies, locked, vendored };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
