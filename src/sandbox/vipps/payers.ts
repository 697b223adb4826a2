import { Rng } from '../core/rng.js';
import { FIRST_NAMES, LAST_NAMES, MESSAGES } from './catalogue.js';

/** The GDPR fields of a VM-number payment (`includeGDPRSensitiveData=true`: docs/upstreams/vipps-report.md, Entry object). */
export interface Payer {
  name: string;
  maskedPhoneNo: string;
  message: string | null;
}

export function payerOf(seed: number, payerKey: string): Payer {
  const rng = Rng.forKey(seed, 'payer', payerKey);
  return {
    name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    maskedPhoneNo: `xxxx ${rng.digits(4)}`,
    message: rng.chance(0.2) ? null : rng.pick(MESSAGES),
  };
}

/** Who bought, as the Sales API's `customer` object carries it. */
export interface Customer {
  email: string;
  phone: string;
  name: string;
}

/**
 * The customer of a sale, or null: about a third of sales carry one, so a client without the
 * `gdpr` scope would show it at once if the gateway passed it on.
 */
export function customerOf(seed: number, psp: string): Customer | null {
  const rng = Rng.forKey(seed, 'customer', psp);
  if (!rng.chance(0.35)) return null;
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const local = `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z.]/g, '');
  return { email: `${local}${rng.digits(2)}@example.com`, phone: `+47 9${rng.digits(7)}`, name: `${first} ${last}` };
}
