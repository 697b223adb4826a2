import { readdirSync, readFileSync } from 'node:fs';

/**
 * The seed examples, one file per JSON example of the upstream documents (docs/upstreams/README.md
 * describes the documents): `example` is the example as the document prints it, `realistic` the
 * placeholders replaced where a placeholder is not a value of its documented type ("string" as a
 * time, an ISO 4217 code or a UUID), each with the reason. Tests serve and compare `served(id)`.
 */
export interface SeedFixture {
  id: string;
  /** The upstream document's file name (see docs/upstreams/README.md). */
  document: string;
  /** The line of the document where the example starts. */
  line: number;
  /** `METHOD /path` as the document (or, for the Sales API whose page prints no paths, Tally) names it. */
  endpoint: string;
  role: 'request' | 'response' | 'response item';
  notes: string[];
  /** True where the document has a field list but no JSON example, and the body was composed from the list. */
  composed?: boolean;
  example: unknown;
  realistic: Array<{ path: string; value: unknown; why: string }>;
}

const DIR = new URL('./fixtures/', import.meta.url);

export const FIXTURES: ReadonlyMap<string, SeedFixture> = new Map(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const id = f.replace(/\.json$/, '');
      return [id, { id, ...(JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Omit<SeedFixture, 'id'>) }];
    }),
);

export function fixture(id: string): SeedFixture {
  const f = FIXTURES.get(id);
  if (!f) throw new Error(`no seed fixture ${id}`);
  return f;
}

/** `a.b[0].c` -> ['a', 'b', 0, 'c']. */
export function pathSteps(path: string): Array<string | number> {
  return path
    .split(/\.|(?=\[)/)
    .filter((s) => s !== '')
    .map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
}

/** The example with its realistic replacements applied: what a stand-in upstream serves. */
export function served<T = unknown>(id: string): T {
  const f = fixture(id);
  const body = structuredClone(f.example) as Record<string | number, unknown>;
  for (const r of f.realistic) {
    const steps = pathSteps(r.path);
    let at: Record<string | number, unknown> = body;
    for (const step of steps.slice(0, -1)) {
      const next = at[step];
      if (next === null || typeof next !== 'object') throw new Error(`${id}: ${r.path} does not reach a value of the example`);
      at = next as Record<string | number, unknown>;
    }
    const last = steps[steps.length - 1]!;
    if (!(last in at)) throw new Error(`${id}: ${r.path} names no field of the example`);
    at[last] = structuredClone(r.value);
  }
  return body as T;
}
