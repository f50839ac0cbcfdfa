/**
 * A FIFO queue on a growable ring buffer: O(1) push and shift without Array.prototype.shift's
 * copying. Bounds are the owner's business (WorkerPool, request queues check `length`).
 */
export class Fifo<T> {
  #items: Array<T | undefined> = new Array(16);
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) % this.#items.length] = item;
    this.#length++;
  }

  shift(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#length--;
    return item;
  }

  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#items[this.#head];
  }

  /** Items in FIFO order (a copy). */
  toArray(): T[] {
    const result: T[] = [];
    for (let index = 0; index < this.#length; index++) {
      result.push(this.#items[(this.#head + index) % this.#items.length] as T);
    }
    return result;
  }

  clear(): void {
    this.#items = new Array(16);
    this.#head = 0;
    this.#length = 0;
  }

  #grow(): void {
    const items = this.toArray() as Array<T | undefined>;
    items.length = this.#items.length * 2;
    this.#items = items;
    this.#head = 0;
  }
}
