/** What the app calls each `EntryKind`, singular and plural. */
export const KIND_LABELS: Record<string, string> = {
  CAPTURE: 'Capture',
  REFUND: 'Refund',
  FEE: 'Fee',
  FEES_RETAINED: 'Fees retained',
  FEES_INVOICED: 'Fees invoiced',
  PAYOUT: 'Payout',
  PAYOUT_ABORTED: 'Payout aborted',
  TOP_UP: 'Top-up',
  CORRECTION: 'Correction',
  CREDIT_NOTE: 'Credit note',
  DISPUTE: 'Dispute',
  CHARGEBACK: 'Chargeback',
  REVERSAL: 'Reversal',
  SPLIT: 'Split',
  TRANSFER: 'Transfer',
  MANUAL_ADJUSTMENT: 'Manual adjustment',
  OTHER: 'Other',
};

export const kindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;
