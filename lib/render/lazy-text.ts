import { meshVersion } from '../version.js';
import type { ContentCache } from './cache.js';
import { sha256 } from './digest.js';

/** Text known by a key up front and read only if someone needs it. */
export interface LazyText {
  /** Hash of everything that went into `text`. */
  key: string;
  readonly text: string;
}

/**
 * YAML documents for objects, remembered by their exact JSON (key order
 * included, since it decides the YAML's), so a warm run loads no YAML code.
 */
export async function cachedYaml(cache: ContentCache, objects: readonly unknown[]): Promise<LazyText> {
  const key = sha256(`yaml\0${meshVersion()}\0${JSON.stringify(objects)}`);
  if (cache.hasRender(key)) return lazy(cache, key);
  const { toYaml } = await import('../yaml/write.js');
  const text = objects.map((o) => `---\n${toYaml(o)}`).join('');
  cache.putRender(key, text);
  return { key, text };
}

export function lazy(cache: ContentCache, key: string): LazyText {
  let text: string | undefined;
  return {
    key,
    get text() {
      text ??= cache.readRender(key);
      return text;
    },
  };
}
