/** A binary min-heap ordered by a numeric key, read when an item is pushed. */
export class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #keys: number[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** Key of the smallest item, `Infinity` when empty. */
  peekKey(): number {
    return this.#keys[0] ?? Number.POSITIVE_INFINITY;
  }

  push(item: T, key: number): void {
    let i = this.#items.length;
    this.#items.push(item);
    this.#keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#keys[parent]! <= key) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the smallest item. */
  pop(): T | undefined {
    const top = this.#items[0];
    const lastItem = this.#items.pop();
    const lastKey = this.#keys.pop();
    if (this.#items.length === 0 || lastItem === undefined || lastKey === undefined) return top;
    this.#items[0] = lastItem;
    this.#keys[0] = lastKey;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.#keys.length && this.#keys[l]! < this.#keys[m]!) m = l;
      if (r < this.#keys.length && this.#keys[r]! < this.#keys[m]!) m = r;
      if (m === i) break;
      this.#swap(i, m);
      i = m;
    }
    return top;
  }

  #swap(a: number, b: number): void {
    [this.#items[a], this.#items[b]] = [this.#items[b]!, this.#items[a]!];
    [this.#keys[a], this.#keys[b]] = [this.#keys[b]!, this.#keys[a]!];
  }
}
