import { Rng } from '../core/rng.js';
import { FIRST_NAMES, LAST_NAMES, MESSAGES } from './catalogue.js';

/** The GDPR fields of a VM-number payment (`includeGDPRSensitiveData=true`: specs/README.md section 1, Entry object). */
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
