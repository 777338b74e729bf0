import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

// A large chart unpacks to megabytes, and a cold render needs its tar twice: to
// find the `.Capabilities` questions it asks, and for helm's uncompressed copy.
const unpacked = new Map<string, Buffer>();

/** The tar inside a chart archive, unpacked once per process. */
export function unpackArchive(path: string): Buffer {
  let tar = unpacked.get(path);
  if (tar === undefined) unpacked.set(path, (tar = gunzipSync(readFileSync(path))));
  return tar;
}

/** The tar if this process has unpacked it already; a caller that has time can unpack it off the main thread instead. */
export function unpackedAlready(path: string): Buffer | undefined {
  return unpacked.get(path);
}
