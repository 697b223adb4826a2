/** Requests served per endpoint (`<vendor> <METHOD> <pattern>`), readable at `GET /_stats`. */
export class RequestStats {
  private counts = new Map<string, number>();

  count(endpoint: string): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  snapshot(): { total: number; byEndpoint: Record<string, number> } {
    const byEndpoint: Record<string, number> = {};
    let total = 0;
    for (const [k, v] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      byEndpoint[k] = v;
      total += v;
    }
    return { total, byEndpoint };
  }

  reset(): void {
    this.counts.clear();
  }
}
