// `docker pull IMAGE`, as docker CLI 28 prints it, and the images the engine then holds (`images.json` in the
// state folder), which `k3d image import` reads. A registry is not modelled: every pull succeeds unless a
// scripted fault says otherwise; a second pull of the same image is "up to date".
import { join } from 'node:path';
import { Out, readJson, sha256, writeJson } from '../common.js';
import type { FakeContext } from '../types.js';

/** `nginx:1.27` -> `docker.io/library/nginx:1.27`, as the engine names what it pulled. */
export function canonicalImage(image: string): string {
  const withTag = /:[^/]+$/.test(image) || image.includes('@') ? image : `${image}:latest`;
  const first = withTag.split('/')[0]!;
  const hasRegistry = withTag.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return withTag;
  return withTag.includes('/') ? `docker.io/${withTag}` : `docker.io/library/${withTag}`;
}

export function pulledImages(dir: string): string[] {
  return readJson(join(dir, 'images.json'), []) as string[];
}

export function pull(ctx: FakeContext, up: boolean, image: string | undefined, out: Out, daemonDown: string) {
  if (!image)
    return out
      .fail(
        1,
        '"docker pull" requires exactly 1 argument.\nSee \'docker pull --help\'.\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry',
      )
      .result();
  if (!up) return out.fail(1, daemonDown).result();
  const name = canonicalImage(image);
  // Every fake call runs under the state lock already.
  const images = pulledImages(ctx.dir);
  const had = images.includes(name);
  if (!had) writeJson(join(ctx.dir, 'images.json'), [...images, name].sort());
  const tag = name.includes('@') ? name.split('@')[1] : name.slice(name.lastIndexOf(':') + 1);
  const repo = name.replace(/^docker\.io\//, '').replace(/[:@][^/]*$/, '');
  const digest = `sha256:${sha256(name)}`;
  if (!had) out.out(`${tag}: Pulling from ${repo}\n${digest.slice(7, 19)}: Pull complete\n`);
  out.out(`Digest: ${digest}\nStatus: ${had ? 'Image is up to date for' : 'Downloaded newer image for'} ${image}\n${name}\n`);
  return out.result();
}
