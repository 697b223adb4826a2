/**
 * A least-recently-used map bounded by total weight (generated events), so a benchmark at a large
 * `scale` keeps a few busy days in memory instead of a fixed number of arbitrarily large ones.
 */
export class WeightedLru<V> {
  private map = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old) {
      this.total -= old.weight;
      this.map.delete(key);
    }
    const weight = Math.max(1, this.weigh(value));
    this.map.set(key, { value, weight });
    this.total += weight;
    // Keep at least the newest entry, however heavy: the caller is about to use it.
    while (this.total > this.maxWeight && this.map.size > 1) {
      const oldest = this.map.keys().next().value as string;
      this.total -= this.map.get(oldest)?.weight ?? 0;
      this.map.delete(oldest);
    }
  }

  getOrCreate(key: string, create: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = create();
    this.set(key, value);
    return value;
  }
}
