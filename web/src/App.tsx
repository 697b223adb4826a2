import { useState, type ReactNode } from 'react';
import { apiKey, GRAPHQL_URL, setApiKey } from './client';
import { href, useRoute } from './router';
import { LedgerScreen } from './screens/LedgerScreen';
import { LedgersScreen } from './screens/LedgersScreen';
import { LiveFeedScreen } from './screens/LiveFeedScreen';
import { PayoutsScreen } from './screens/PayoutsScreen';
import { PayoutRulesScreen } from './screens/PayoutRulesScreen';
import { SettlementsScreen } from './screens/SettlementsScreen';
import { VatReportScreen } from './screens/VatReportScreen';

const SECTIONS: Array<{ segment: string; label: string }> = [
  { segment: 'ledgers', label: 'Ledgers' },
  { segment: 'settlements', label: 'Settlements' },
  { segment: 'payout-rules', label: 'Payout rules' },
];

export function App() {
  const route = useRoute();
  const [section = 'ledgers', id] = route.segments;
  let screen: ReactNode;
  if (section === 'ledgers' && id) screen = <LedgerScreen id={id} params={route.params} />;
  else if (section === 'live' && id) screen = <LiveFeedScreen id={id} params={route.params} />;
  else if (section === 'payouts' && id) screen = <PayoutsScreen id={id} params={route.params} />;
  else if (section === 'vat' && id) screen = <VatReportScreen id={id} params={route.params} />;
  else if (section === 'settlements') screen = <SettlementsScreen params={route.params} />;
  else if (section === 'payout-rules') screen = <PayoutRulesScreen segments={route.segments.slice(1)} params={route.params} />;
  else screen = <LedgersScreen />;

  return (
    <>
      <header className="top">
        <a className="brand" href={href(['ledgers'])}>
          Tally <span>back-office</span>
        </a>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.segment}>
                <a href={href([s.segment])} aria-current={section === s.segment || (s.segment === 'ledgers' && (section === 'live' || section === 'payouts' || section === 'vat')) ? 'page' : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
            <li>
              <a href={GRAPHQL_URL}>GraphiQL</a>
            </li>
          </ul>
        </nav>
        <Connection />
      </header>
      <main>{screen}</main>
    </>
  );
}

/** Which Tally the app talks to, and the API key it sends (kept in this tab only). */
function Connection() {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(apiKey);
  return (
    <div className="connection">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Connection
      </button>
      {open ? (
        <form
          className="panel"
          onSubmit={(e) => {
            e.preventDefault();
            setApiKey(key.trim());
            window.location.reload();
          }}
        >
          <p>
            Tally endpoint: <code>{new URL(GRAPHQL_URL, window.location.href).href}</code>
          </p>
          <label>
            API key (only for a Tally with real upstreams; kept in this browser tab)
            <input type="password" value={key} autoComplete="off" onChange={(e) => setKey(e.target.value)} />
          </label>
          <button type="submit">Save and reload</button>
        </form>
      ) : null}
    </div>
  );
}
