import { z } from 'zod';

/**
 * Well-known sandbox credentials. The real sandbox publishes a shared pair too (docs/upstreams/
 * section 5, Base URLs and auth); these are the Tally sandbox's own, not Easypay's.
 */
export const EASYPAY_SANDBOX_CREDENTIALS = {
  accountId: '5a2db0c4-7e1f-4c3a-9b8e-e0a5e7a11acc',
  apiKey: 'e0a5e7a1-1ba5-4d1e-8c0f-5a2db0c4a9e1',
} as const;

export const EasypayOptionsSchema = z
  .object({
    /** Days of history before today; more than 30 so that clients must split ranges into windows. */
    historyDays: z.number().int().min(0).max(3660).default(120),
    /** Average ledger entries per day (each day draws between half and one and a half times this). */
    entriesPerDay: z.number().int().min(0).max(100_000).default(25),
    /**
     * Late bookings: the longest time, in minutes, between an entry's `created_at` and the moment it
     * shows in the report. Each entry's delay is drawn from its id (0 to this many minutes), so a
     * client that reads up to "now" can miss an entry that appears later with an earlier time.
     */
    bookingDelayMinutes: z.number().int().min(0).max(1440).default(0),
    /**
     * Manual movements (and so the payouts that carry them) beyond 2^31 cents, EUR 21-100 million:
     * the values a 32-bit integer of cents cannot hold, for the tests that ask for them. Off, the
     * account looks like the shop it is (EUR 1-500 sales, manual corrections up to EUR 5,000);
     * everything else is drawn the same either way.
     */
    extremeAmounts: z.boolean().default(false),
  })
  .strict();
export type EasypayOptions = z.input<typeof EasypayOptionsSchema>;
