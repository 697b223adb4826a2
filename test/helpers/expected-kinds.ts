/**
 * The kind every Easypay transaction code must map to: the tests' own expectation, written out
 * independently of the mapping in src/sources/easypay/mapping.ts so that a change there fails.
 */
export const EXPECTED_EASYPAY_KINDS: Readonly<Record<string, string>> = {
  CP: 'CAPTURE',
  RF: 'REFUND',
  RV: 'REVERSAL',
  FEE: 'FEE',
  SP: 'SPLIT',
  MAN: 'MANUAL_ADJUSTMENT',
  TB: 'PAYOUT',
  OT: 'TRANSFER',
  CB: 'CHARGEBACK',
  OP: 'TRANSFER',
  TF: 'PAYOUT',
};
