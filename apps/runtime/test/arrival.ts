/**
 * Arrival orders for the end-to-end properties: the same events shuffled, some sent
 * twice, in batches of random size, all from a seed so a failure can be reproduced.
 */
import type { YardstickEvent } from "@yardstick/engine";

/** mulberry32: a small seeded generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** `list` shuffled, with about `duplicateShare` of it sent a second time, cut into batches of 1..`maxBatch`. */
export function shuffledBatches(list: readonly YardstickEvent[], seed: number, duplicateShare: number, maxBatch: number): YardstickEvent[][] {
  const rnd = seededRandom(seed);
  const all = [...list, ...list.filter(() => rnd() < duplicateShare)];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const out: YardstickEvent[][] = [];
  for (let i = 0; i < all.length; ) {
    const n = 1 + Math.floor(rnd() * maxBatch);
    out.push(all.slice(i, i + n));
    i += n;
  }
  return out;
}
