import { VIPPS_SANDBOX_CREDENTIALS } from '../../src/sandbox/vipps/index.js';

/** An accounting-key token from a Vipps sandbox (`<origin>/vipps`), through `/miami/v1/token`. */
export async function accountingTokenFor(vippsBase: string): Promise<string> {
  const c = VIPPS_SANDBOX_CREDENTIALS.accounting;
  const res = await fetch(`${vippsBase}/miami/v1/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`sandbox token endpoint answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
