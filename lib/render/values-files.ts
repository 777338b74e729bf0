import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { sha256 } from './digest.js';

/**
 * A chart target's values files, each with the digest of what it holds now:
 * helm reads them itself (so YAML means to them what it means to helm), and
 * the digests go into the render's key, so an edited file renders again.
 */
export function valuesFileDigests(files: readonly string[] | undefined): Array<[string, string]> {
  return (files ?? []).map((file) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const what = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot be read (${code})`;
      throw new ConfigError(`values file ${file} ${what}`, {
        hint: "`valuesFiles` names YAML files; a relative path starts at the config file's folder",
      });
    }
    return [file, sha256(bytes)];
  });
}
