import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatDate } from '../format';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { href } from '../router';

/** What every screen of one ledger shows at its top: which ledger, its currency, zone and today. */
export const LedgerHeaderFragment = graphql(`
  fragment LedgerHeader on Ledger {
    id
    ledgerId
    provider
    currency
    timeZone
    today
    salesUnits {
      name
      recipientHandle
    }
  }
`);

/**
 * The one query of a ledger's header, shared by the entries, payouts, VAT and live-feed screens
 * (one document, so moving between them reads it from the cache).
 */
const LedgerHeaderQuery = graphql(`
  query WebLedgerHeader($id: ID!) {
    ledger(id: $id) {
      id
      ...LedgerHeader
    }
  }
`);

export const PROVIDER_NAMES: Record<string, string> = { VIPPS_MOBILEPAY: 'Vipps MobilePay', EASYPAY: 'Easypay' };

export type LedgerHeaderRef = FragmentType<typeof LedgerHeaderFragment>;

/** The ledger's header data for a screen (unmasked: the screen also needs its zone and today). */
export function useLedgerHeader(id: string) {
  const [{ data, error }] = useQuery({ query: LedgerHeaderQuery, variables: { id } });
  const ref = data?.ledger ?? null;
  return { ref, ledger: ref ? getFragmentData(LedgerHeaderFragment, ref) : null, error };
}

type Screen = 'entries' | 'payouts' | 'vat' | 'live';

const SCREENS: Array<{ screen: Screen; segment: string; label: string; salesOnly: boolean }> = [
  { screen: 'entries', segment: 'ledgers', label: 'Entries', salesOnly: false },
  { screen: 'payouts', segment: 'payouts', label: 'Payouts', salesOnly: false },
  { screen: 'vat', segment: 'vat', label: 'VAT report', salesOnly: true },
  { screen: 'live', segment: 'live', label: 'Live feed', salesOnly: true },
];

/**
 * Crumbs, title and the ledger's line (currency, zone, today, its other screens) of one screen of
 * a ledger. `heading` names the screen ("Payouts" -> "Payouts of ledger 123"); the entries screen
 * has none and is titled by the ledger itself.
 */
export function LedgerHeader({
  id,
  ledger: ref,
  error,
  screen,
  heading,
  titleId,
}: {
  id: string;
  ledger: LedgerHeaderRef | null;
  error?: Parameters<typeof errorsAt>[0];
  screen: Screen;
  heading?: string;
  titleId: string;
}) {
  const ledger = ref ? getFragmentData(LedgerHeaderFragment, ref) : null;
  const title = heading
    ? `${heading}${ledger ? ` of ledger ${ledger.ledgerId}` : ''}`
    : ledger
      ? `${PROVIDER_NAMES[ledger.provider] ?? ledger.provider} ledger ${ledger.ledgerId}`
      : 'Ledger';
  return (
    <>
      <p className="crumbs">
        <a href={href(['ledgers'])}>Ledgers</a> /{' '}
        {ledger && screen !== 'entries' ? <a href={href(['ledgers', id])}>{ledger.ledgerId}</a> : null}
      </p>
      <h1 id={titleId}>{title}</h1>
      {ledger ? (
        <p className="lead ledger-line">
          {ledger.currency} · dates in {ledger.timeZone}, today {formatDate(ledger.today)} ·{' '}
          {ledger.salesUnits
            .map((u) => u.name ?? u.recipientHandle)
            .filter(Boolean)
            .join(', ') || 'no sales unit reported'}
          {SCREENS.filter((s) => s.screen !== screen && (!s.salesOnly || ledger.provider === 'VIPPS_MOBILEPAY')).map((s) => (
            <span key={s.screen}>
              {' · '}
              <a href={href([s.segment, ledger.id])}>{s.label}</a>
            </span>
          ))}
        </p>
      ) : null}
      <ErrorNotice errors={errorsAt(error, ['ledger'])} title="The ledger could not be read." />
    </>
  );
}
