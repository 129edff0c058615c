// The pair entries of the co-occurrence state: per unordered pair of product indices, a decayed
// weight and an exact order count. A rebuild over a million order lines in a broad catalogue meets
// about two million distinct pairs; a Map keyed by a packed number spends most of the rebuild
// hashing boxed doubles and allocating its entries. This table keeps everything in typed arrays
// (open addressing, linear probing): about 21 bytes per slot, no object per pair, and a lookup is
// one multiply-hash and usually one probe.
//
// Deleted entries leave a tombstone so probe chains stay intact; growing (at half full, tombstones
// included) rehashes only the live entries and drops the tombstones.

const EMPTY = 0;
const USED = 1;
const DELETED = 2;

const INITIAL_CAPACITY = 1024;

export class PairTable {
  private capacity = INITIAL_CAPACITY;
  private filled = 0; // used + deleted
  private live = 0;
  private status = new Uint8Array(INITIAL_CAPACITY);
  private lowers = new Int32Array(INITIAL_CAPACITY);
  private highers = new Int32Array(INITIAL_CAPACITY);
  private weights = new Float64Array(INITIAL_CAPACITY);
  private counts = new Int32Array(INITIAL_CAPACITY);

  get size(): number {
    return this.live;
  }

  /** The slot of the pair, or −1. Either order of the two indices names the same pair. */
  find(first: number, second: number): number {
    const lower = Math.min(first, second);
    const higher = Math.max(first, second);
    const mask = this.capacity - 1;
    for (let slot = hash(lower, higher) & mask; ; slot = (slot + 1) & mask) {
      const status = this.status[slot];
      if (status === EMPTY) return -1;
      if (status === USED && this.lowers[slot] === lower && this.highers[slot] === higher) return slot;
    }
  }

  /** The slot of the pair, made with weight and count 0 when it was not there. */
  findOrAdd(first: number, second: number): number {
    const found = this.find(first, second);
    if (found >= 0) return found;
    if ((this.filled + 1) * 2 > this.capacity) this.grow();
    const lower = Math.min(first, second);
    const higher = Math.max(first, second);
    const mask = this.capacity - 1;
    let slot = hash(lower, higher) & mask;
    while (this.status[slot] === USED) slot = (slot + 1) & mask;
    if (this.status[slot] === EMPTY) this.filled += 1;
    this.status[slot] = USED;
    this.lowers[slot] = lower;
    this.highers[slot] = higher;
    this.weights[slot] = 0;
    this.counts[slot] = 0;
    this.live += 1;
    return slot;
  }

  remove(slot: number): void {
    if (this.status[slot] !== USED) return;
    this.status[slot] = DELETED;
    this.live -= 1;
  }

  lower(slot: number): number {
    return this.lowers[slot] as number;
  }
  higher(slot: number): number {
    return this.highers[slot] as number;
  }
  weight(slot: number): number {
    return this.weights[slot] as number;
  }
  count(slot: number): number {
    return this.counts[slot] as number;
  }
  set(slot: number, weight: number, count: number): void {
    this.weights[slot] = weight;
    this.counts[slot] = count;
  }

  /** Multiplies every weight (the rebase of ./decay.ts). */
  scale(factor: number): void {
    for (let slot = 0; slot < this.capacity; slot += 1) this.weights[slot] = (this.weights[slot] as number) * factor;
  }

  /** The live slots, for a loop over all pairs: `for (const slot of table.slots())`. */
  *slots(): Generator<number> {
    for (let slot = 0; slot < this.capacity; slot += 1) if (this.status[slot] === USED) yield slot;
  }

  private grow(): void {
    const { status, lowers, highers, weights, counts, capacity } = this;
    // Double only when live entries need it; mostly-tombstone tables rehash at the same size.
    this.capacity = (this.live + 1) * 4 > capacity ? capacity * 2 : capacity;
    this.status = new Uint8Array(this.capacity);
    this.lowers = new Int32Array(this.capacity);
    this.highers = new Int32Array(this.capacity);
    this.weights = new Float64Array(this.capacity);
    this.counts = new Int32Array(this.capacity);
    this.filled = this.live;
    const mask = this.capacity - 1;
    for (let old = 0; old < capacity; old += 1) {
      if (status[old] !== USED) continue;
      let slot = hash(lowers[old] as number, highers[old] as number) & mask;
      while (this.status[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.status[slot] = USED;
      this.lowers[slot] = lowers[old] as number;
      this.highers[slot] = highers[old] as number;
      this.weights[slot] = weights[old] as number;
      this.counts[slot] = counts[old] as number;
    }
  }
}

/** Mixes both indices over all bits (a multiplicative hash), so the low bits the mask keeps vary. */
function hash(lower: number, higher: number): number {
  let h = Math.imul(lower, 0x9e3779b1) ^ higher;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
