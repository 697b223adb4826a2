/** A per-request memo of one kind of value: one promise per key for the life of the request; a failure is forgotten so a retry asks again. */
export class RequestMemo<T> {
  private readonly values = new Map<string, Promise<T>>();

  /** Whether `key` was asked for in this request (its value is or will be at hand without another upstream call). */
  has(key: string): boolean {
    return this.values.has(key);
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.values.get(key);
    if (hit) return hit;
    const p = load();
    this.values.set(key, p);
    p.catch(() => this.values.delete(key));
    return p;
  }
}
