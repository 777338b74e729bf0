import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/render/digest.js';

const reference = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('sha256 of texts, large ones hashed once per run', () => {
  it('gives the digest of the UTF-8 bytes, for small and large texts, equal texts and buffers alike', () => {
    const large = `${'kind: ConfigMap\n'.repeat(8192)}é\n`;
    const same = ['kind: ConfigMap\n'.repeat(8192), 'é\n'].join('');
    const other = `${large.slice(0, -2)}e\n`;
    expect(sha256(large)).toBe(reference(large));
    expect(sha256(same)).toBe(reference(large));
    expect(sha256(other)).toBe(reference(other));
    expect(sha256(other)).not.toBe(sha256(large));
    expect(sha256('small')).toBe(reference('small'));
    expect(sha256(Buffer.from(large))).toBe(reference(large));
  });
});
