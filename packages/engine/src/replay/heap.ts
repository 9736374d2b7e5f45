/** A binary min-heap of (key, value) pairs, for deadlines across subjects. */
export class MinHeap<T> {
  private keys: number[] = [];
  private values: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, value: T): void {
    this.keys.push(key);
    this.values.push(value);
    let i = this.keys.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break; // p < i < length
      this.swap(i, p);
      i = p;
    }
  }

  peekKey(): number | undefined {
    return this.keys[0];
  }

  pop(): { key: number; value: T } | undefined {
    if (this.keys.length === 0) return undefined;
    const top = { key: this.keys[0]!, value: this.values[0] as T }; // length just checked
    const lastKey = this.keys.pop()!;
    const lastValue = this.values.pop()!;
    if (this.keys.length > 0) {
      this.keys[0] = lastKey;
      this.values[0] = lastValue;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        // l, r bounded just before; m is i, l or r, all in range.
        if (l < this.keys.length && this.keys[l]! < this.keys[m]!) m = l;
        if (r < this.keys.length && this.keys[r]! < this.keys[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  /** `a` and `b` are in range at every call (children and parents of a live index). */
  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.values[a], this.values[b]] = [this.values[b] as T, this.values[a] as T];
  }
}
