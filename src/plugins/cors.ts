/**
 * CORS for the configured origins only, never reflected for others, and never with credentials
 * (the API authenticates by header, not by cookie). No origins configured: no CORS headers at all.
 */
export function corsFor(allowedOrigins: readonly string[]) {
  if (allowedOrigins.length === 0) return false as const;
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowedOrigins.includes(origin)) return false as const;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-tally-cost'],
      maxAge: 600,
    };
  };
}
