/** A page of any connection in the schema, as much of it as the walk reads. */
export interface ConnectionPage<N = unknown> {
  edges: ReadonlyArray<{ node: N; cursor?: string }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export type NodeOf<C extends ConnectionPage> = C['edges'][number]['node'];

export interface Walk<C extends ConnectionPage> {
  /** Every node, in the order the pages gave them. */
  nodes: Array<NodeOf<C>>;
  /** Every page, the last one included. */
  pages: C[];
  /** Requests made: one per page. */
  requests: number;
  last: C;
}

/**
 * Reads a connection to its end as a client does: follows `pageInfo.endCursor` until `hasNextPage` is
 * false. `page(after, request)` asks for one page (`after` is null for the first, `request` counts from
 * 1) and returns its connection, after checking the answer has no errors. A page that says there is
 * more must say where it continues; a walk that does not end within `maxRequests` fails.
 */
export async function walkConnection<C extends ConnectionPage>(
  page: (after: string | null, request: number) => Promise<C>,
  maxRequests = 10_000,
): Promise<Walk<C>> {
  const nodes: Array<NodeOf<C>> = [];
  const pages: C[] = [];
  let after: string | null = null;
  for (let requests = 1; requests <= maxRequests; requests++) {
    const conn: C = await page(after, requests);
    pages.push(conn);
    nodes.push(...conn.edges.map((e) => e.node));
    if (!conn.pageInfo.hasNextPage) return { nodes, pages, requests, last: conn };
    if (!conn.pageInfo.endCursor) throw new Error(`page ${requests} has a next page but no endCursor`);
    after = conn.pageInfo.endCursor;
  }
  throw new Error(`the walk did not end within ${maxRequests} requests`);
}
