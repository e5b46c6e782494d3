// A cache from pre-token to token ids that looks a piece up by its position in the text — its
// hash (computed by the scanner) and a char-by-char check — so the hot loop of encoding never
// slices a string or hashes one through the engine. Open addressing; cleared when 3/4 full.

export class PieceCache {
  private capacity: number;
  private hashes: Int32Array;
  private keys: (string | undefined)[];
  private values: number[][];
  private size = 0;

  constructor(private readonly maxEntries = 1 << 20) {
    this.capacity = 1 << 12;
    this.hashes = new Int32Array(this.capacity);
    this.keys = new Array(this.capacity);
    this.values = new Array(this.capacity);
  }

  get(text: string, start: number, end: number, hash: number): number[] | undefined {
    const mask = this.capacity - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (this.hashes[slot] === hash && key.length === len && same(key, text, start)) return this.values[slot];
    }
  }

  set(key: string, hash: number, ids: number[]): void {
    if (this.size + 1 > (this.capacity * 3) / 4) this.grow();
    const mask = this.capacity - 1;
    let slot = hash & mask;
    while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.hashes[slot] = hash;
    this.values[slot] = ids;
    this.size++;
  }

  private grow(): void {
    const old = { keys: this.keys, hashes: this.hashes, values: this.values };
    this.capacity = this.capacity * 2 > this.maxEntries ? this.capacity : this.capacity * 2;
    this.hashes = new Int32Array(this.capacity);
    this.keys = new Array(this.capacity);
    this.values = new Array(this.capacity);
    this.size = 0;
    if (this.capacity === old.keys.length) return; // at the size limit: start over empty
    for (let i = 0; i < old.keys.length; i++) if (old.keys[i] !== undefined) this.set(old.keys[i]!, old.hashes[i]!, old.values[i]!);
  }
}

function same(key: string, text: string, start: number): boolean {
  for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
