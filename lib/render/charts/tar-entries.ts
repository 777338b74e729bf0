/** One file of a tar archive: its path and its bytes (a view into the archive). */
export interface TarFile {
  path: string;
  data: Buffer;
}

const BLOCK = 512;

/**
 * The regular files of an uncompressed tar whose paths `want` accepts. A
 * chart's tar is already in memory when mesh wants a few of its files, and
 * the tar package's streaming parser would copy every entry to hand over
 * these few; reading the headers in place costs next to nothing. Long paths
 * come as ustar prefixes, PAX `path` records or GNU long names, as Go's
 * archive/tar (which packages charts) and other tools write them.
 */
export function tarFiles(tar: Buffer, want: (path: string) => boolean): TarFile[] {
  const files: TarFile[] = [];
  let longPath: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longPath = paxPath(data.toString('utf8')) ?? longPath;
      continue;
    }
    if (type === 'L') {
      longPath = text(data);
      continue;
    }
    const prefix = text(header.subarray(345, 500));
    const path = longPath ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    longPath = undefined;
    if ((type === '0' || type === '\0') && want(path)) files.push({ path, data });
  }
  return files;
}

function text(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

function octal(bytes: Buffer): number {
  const value = parseInt(text(bytes).trim() || '0', 8);
  return Number.isFinite(value) ? value : 0;
}

// PAX records are `<length> <key>=<value>\n`.
function paxPath(records: string): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(records)?.[1];
}
