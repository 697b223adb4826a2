/** An answer of the sandbox (or a stand-in upstream), read whole. */
export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  /** The body as sent. */
  text: string;
  /** The body parsed when it is JSON; otherwise the text, and undefined when there is none. */
  body: T;
}

/** One request to a loopback sandbox, its answer read whole (JSON parsed when it is JSON). */
export async function request<T = unknown>(url: string | URL, init: RequestInit = {}): Promise<Reply<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: parsed(text) as T };
}

/** One GET to a loopback sandbox with these headers (a token, a subscription key...). */
export function get<T = unknown>(url: string | URL, headers: Record<string, string> = {}): Promise<Reply<T>> {
  return request<T>(url, { headers });
}

function parsed(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The sandbox's request counters (`/_stats`): the total and per endpoint since the last reset. */
export async function sandboxStats(origin: string): Promise<{ total: number; byEndpoint: Record<string, number> }> {
  const reply = await control<{ total: number; byEndpoint: Record<string, number> }>(`${origin}/_stats`);
  if (reply.status !== 200) throw new Error(`${origin}/_stats answered ${reply.status}`);
  return reply.body;
}

export async function resetSandboxStats(origin: string): Promise<void> {
  await control(`${origin}/_stats/reset`, { method: 'POST' });
}

/**
 * A request to the sandbox's own control endpoints (/_stats, /_faults), once more when the loopback
 * socket it reused was being closed (ECONNRESET before an answer: fetch does not repeat a POST by
 * itself). Each of them is idempotent: asking twice leaves the sandbox as asking once.
 */
async function control<T = unknown>(url: string, init: RequestInit = {}): Promise<Reply<T>> {
  try {
    return await request<T>(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
    return request<T>(url, init);
  }
}

/** Sets the sandbox's injected faults (`/_faults`), per vendor. */
export async function setSandboxFaults(origin: string, faults: Record<string, unknown>): Promise<void> {
  const reply = await control(`${origin}/_faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (reply.status >= 300) throw new Error(`${origin}/_faults answered ${reply.status}: ${reply.text}`);
}

export async function clearSandboxFaults(origin: string): Promise<void> {
  await control(`${origin}/_faults`, { method: 'DELETE' });
}
