/**
 * Which event ids may occur more than once, in fixed memory: a Bloom filter over every
 * id seen, and the exact set of ids it reports as seen before (true repeats plus a few
 * false positives). A replay then tracks only those ids, so dropping duplicates stays
 * exact (the first of each id in time order is kept, as replayEvents does) without a
 * set of every id of a file of any size.
 */

/** 2^27 bits = 16 MiB: about 1 false positive per million ids at 1M ids, 0.5% at 10M. */
const BITS_LOG2 = 27;
const HASHES = 4;

export class RepeatedIds {
  private readonly bits = new Uint32Array(1 << (BITS_LOG2 - 5));
  /** Ids the filter had (probably) seen before. */
  readonly candidates = new Set<string>();

  /** Records one id. */
  add(id: string): void {
    const [h1, h2] = hashes(id);
    const mask = (1 << BITS_LOG2) - 1;
    let present = true;
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + Math.imul(i, h2)) & mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.bits[word] & flag) === 0) {
        present = false;
        this.bits[word] |= flag;
      }
    }
    if (present) this.candidates.add(id);
  }
}

/** Two independent 32-bit hashes of a string (FNV-1a, and FNV-1a with a murmur finish). */
function hashes(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b ^= b >>> 13;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  // An odd step visits distinct bits for every i.
  return [a >>> 0, (b | 1) >>> 0];
}
