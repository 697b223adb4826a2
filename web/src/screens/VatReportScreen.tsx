import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatDate, formatMoney } from '../format';
import { money, type Money } from '../fragments';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { LedgerHeader, useLedgerHeader } from './LedgerHeader';
import { href, navigate } from '../router';
import { TableHead } from '../table';

/** The report itself: rows per rate and category, what they cover, and the tie to the ledger. */
const VatReportFragment = graphql(`
  fragment VatReport on VatSummary {
    rows {
      vatPercentage
      vatRate
      category
      eventCount
      lineCount
      gross {
        ...MoneyFields
      }
      net {
        ...MoneyFields
      }
      vat {
        ...MoneyFields
      }
    }
    coverage {
      final
      eventCount
      eventsWithoutLines
      eventsWithoutVatBreakdown
      gross {
        ...MoneyFields
      }
      uncoveredGross {
        ...MoneyFields
      }
    }
    reconciliation {
      ...VatTie
    }
  }
`);

const VatTieFragment = graphql(`
  fragment VatTie on VatReconciliation {
    final
    tiesOut
    ledger {
      ...VatTieLineFields
    }
    onLedger {
      ...VatTieLineFields
    }
    cash {
      ...VatTieLineFields
    }
    bookedOnOtherDates {
      ...VatTieLineFields
    }
    notInReport {
      ...VatTieLineFields
    }
    unexplained {
      ...MoneyFields
    }
  }
`);

const VatTieLineFragment = graphql(`
  fragment VatTieLineFields on VatTieLine {
    count
    gross {
      ...MoneyFields
    }
  }
`);

const VatReportQuery = graphql(`
  query WebVatReport($id: ID!, $from: Date!, $to: Date!) {
    ledger(id: $id) {
      id
      vatSummary(from: $from, to: $to) {
        ...VatReport
      }
    }
  }
`);

/** The first and last day of a month `YYYY-MM`. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month before the one `today` (a ledger's date, `YYYY-MM-DD`) is in: the last whole month in the ledger's calendar. */
export function monthBefore(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** Sum of minor units as the same currency's Money (exact: minor units are safe integers). */
function total(values: Array<{ minorUnits: number; currency: string; exponent: number }>, currency: string, exponent: number) {
  const minorUnits = values.reduce((sum, v) => sum + v.minorUnits, 0);
  const negative = minorUnits < 0;
  const digits = String(Math.abs(minorUnits)).padStart(exponent + 1, '0');
  const amount = `${negative ? '-' : ''}${exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`}`;
  return { minorUnits, currency, exponent, amount };
}

/** The VAT report of a ledger's sales for one month: per rate and category, and what it could not cover. */
export function VatReportScreen({ id, params }: { id: string; params: URLSearchParams }) {
  const header = useLedgerHeader(id);
  const asked = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '') ? (params.get('month') as string) : null;
  // Without a choice: the last whole month in the ledger's own calendar (its zone's today), not the browser's clock.
  const month = asked ?? (header.ledger ? monthBefore(header.ledger.today) : null);
  const name = header.ledger
    ? [
        header.ledger.ledgerId,
        header.ledger.salesUnits
          .map((u) => u.name ?? u.recipientHandle)
          .filter(Boolean)
          .join(', '),
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  return (
    <section aria-labelledby="vat-title">
      <LedgerHeader id={id} ledger={header.ref} error={header.error} screen="vat" heading="VAT report" titleId="vat-title" />
      <p className="lead">The sales' order lines per VAT rate and category, refunds netted.</p>
      {month ? (
        <>
          <MonthForm key={`form-${month}`} id={id} month={month} />
          {/* One report per month (keyed): while a new month loads, nothing of the previous one stands under its title. */}
          <VatReport key={`report-${month}`} id={id} month={month} ledgerName={name} fallbackCurrency={header.ledger?.currency ?? 'NOK'} />
        </>
      ) : (
        <p className="loading">Reading the ledger's calendar…</p>
      )}
    </section>
  );
}

function VatReport({
  id,
  month,
  ledgerName,
  fallbackCurrency,
}: {
  id: string;
  month: string;
  ledgerName: string;
  fallbackCurrency: string;
}) {
  const { from, to } = monthRange(month);
  const [{ data: result, fetching, error: resultError }] = useQuery({ query: VatReportQuery, variables: { id, from, to } });
  // Only figures of this month: a result still in flight is no result.
  const data = fetching ? undefined : result;
  const error = fetching ? undefined : resultError;
  const ledger = data?.ledger;
  const report = ledger?.vatSummary ? getFragmentData(VatReportFragment, ledger.vatSummary) : null;
  const coverageGross = money(report?.coverage.gross);
  const uncoveredGross = money(report?.coverage.uncoveredGross);
  const currency = coverageGross?.currency ?? fallbackCurrency;
  const exponent = coverageGross?.exponent ?? 2;
  const rows = (report?.rows ?? []).map((r) => ({ ...r, gross: money(r.gross), net: money(r.net), vat: money(r.vat) }));
  const sums = report
    ? {
        gross: total(
          rows.map((r) => r.gross),
          currency,
          exponent,
        ),
        net: total(
          rows.map((r) => r.net),
          currency,
          exponent,
        ),
        vat: total(
          rows.map((r) => r.vat),
          currency,
          exponent,
        ),
      }
    : null;
  const errors = errorsAt(error, ['ledger']);
  const noSales = errors.find((e) => e.reason === 'NO_SALES_DATA');
  const covered =
    sums && coverageGross && uncoveredGross ? sums.gross.minorUnits + uncoveredGross.minorUnits === coverageGross.minorUnits : null;
  return (
    <div className="vat-report" data-month={month}>
      <p className="print-only">
        VAT report · ledger {ledgerName} · {month} ({formatDate(from)} – {formatDate(to)}) · printed {new Date().toLocaleString()}
      </p>
      {fetching ? <p className="loading">Adding up the sales of {month}…</p> : null}
      <ErrorNotice errors={errors.filter((e) => e.reason !== 'NO_SALES_DATA')} title="The VAT report could not be made." />
      {noSales ? (
        <div className="error no-sales" role="alert">
          <strong>No VAT report for {month}: this ledger has no sales data. </strong>
          {noSales.message} <code className="code">{noSales.code}</code> <code className="code">{noSales.reason}</code>
        </div>
      ) : null}
      {ledger && !report && !error && !fetching ? (
        <p>This ledger has no sales data (only Vipps MobilePay sales units with the Sales API have order lines).</p>
      ) : null}
      {report && sums && coverageGross && uncoveredGross ? (
        <>
          <div className="toolbar-inline no-print">
            <button
              type="button"
              onClick={() =>
                downloadVatCsv(month, ledgerName, rows, sums, report.coverage, coverageGross, uncoveredGross, report.reconciliation)
              }
            >
              Export VAT report (CSV)
            </button>{' '}
            <button type="button" onClick={() => window.print()}>
              Print or save as PDF
            </button>
          </div>
          <table className="data vat" aria-label={`VAT per rate, ${month}`} data-covered={String(covered)}>
            <caption>
              {month} ·{' '}
              {report.coverage.final ? 'closed: these totals can no longer change' : 'includes an open date: these totals can still change'}
            </caption>
            <TableHead
              columns={[
                'VAT rate',
                'Category',
                { label: 'Sales', numeric: true },
                { label: 'Lines', numeric: true },
                { label: 'Net', numeric: true },
                { label: 'VAT', numeric: true },
                { label: 'Gross', numeric: true },
              ]}
            />
            <tbody>
              {rows.map((r) => (
                <tr
                  key={`${r.vatRate}-${r.category ?? ''}`}
                  className="vat-row"
                  data-gross-minor-units={r.gross.minorUnits}
                  data-net-minor-units={r.net.minorUnits}
                  data-vat-minor-units={r.vat.minorUnits}
                >
                  <td>{r.vatPercentage} %</td>
                  <td>{r.category ?? '—'}</td>
                  <td className="num">{r.eventCount}</td>
                  <td className="num">{r.lineCount}</td>
                  <td className="num">{formatMoney(r.net)}</td>
                  <td className="num">{formatMoney(r.vat)}</td>
                  <td className="num">{formatMoney(r.gross)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={7}>No order lines with VAT in this month.</td>
                </tr>
              ) : null}
            </tbody>
            <tfoot>
              <tr className="totals">
                <th scope="row" colSpan={4}>
                  All rates
                </th>
                <td className="num">{formatMoney(sums.net)}</td>
                <td className="num">{formatMoney(sums.vat)}</td>
                <td className="num">{formatMoney(sums.gross)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={6}>
                  Not broken down ({report.coverage.eventsWithoutLines} sales without lines, {report.coverage.eventsWithoutVatBreakdown}{' '}
                  without a full VAT breakdown)
                </th>
                <td className="num" data-minor-units={uncoveredGross.minorUnits}>
                  {formatMoney(uncoveredGross)}
                </td>
              </tr>
              <tr className="totals">
                <th scope="row" colSpan={6}>
                  Gross of all {report.coverage.eventCount} sales
                </th>
                <td className="num" data-minor-units={coverageGross.minorUnits}>
                  {formatMoney(coverageGross)}
                  {covered === false ? (
                    <span className="check bad-mark">does not add up</span>
                  ) : (
                    <span className="check ok-mark">adds up</span>
                  )}
                </td>
              </tr>
            </tfoot>
          </table>
          <TieToLedger
            reconciliation={report.reconciliation}
            reportGross={coverageGross}
            salesCount={report.coverage.eventCount}
            month={month}
          />
          {uncoveredGross.minorUnits !== 0 ? (
            <p className="warn">
              Part of the gross has no VAT breakdown from the provider (typed-in amounts, lines without a rate): book that part from your
              own records, not as zero VAT.
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/**
 * How the report's gross ties to the ledger's captures and refunds of the month: what is on the
 * ledger, what is not, and why, each line with its count and exact amount.
 */
function TieToLedger({
  reconciliation,
  reportGross,
  salesCount,
  month,
}: {
  reconciliation: FragmentType<typeof VatTieFragment>;
  reportGross: Money;
  salesCount: number;
  month: string;
}) {
  const tie = getFragmentData(VatTieFragment, reconciliation);
  const tieLine = (ref: FragmentType<typeof VatTieLineFragment>) => {
    const l = getFragmentData(VatTieLineFragment, ref);
    return { count: l.count, gross: money(l.gross) };
  };
  const r = {
    final: tie.final,
    tiesOut: tie.tiesOut,
    ledger: tieLine(tie.ledger),
    cash: tieLine(tie.cash),
    bookedOnOtherDates: tieLine(tie.bookedOnOtherDates),
    notInReport: tieLine(tie.notInReport),
    unexplained: money(tie.unexplained),
  };
  const line = (key: string, label: string, count: number | null, amount: Money, sign: '' | '−' | '+' | '=') => (
    <tr key={key} className={`tie-${key}`}>
      <th scope="row">
        {sign ? `${sign} ` : ''}
        {label}
      </th>
      <td className="num">{count ?? ''}</td>
      <td className="num" data-minor-units={amount.minorUnits}>
        {formatMoney(amount)}
      </td>
    </tr>
  );
  return (
    <>
      <table className="data tie" aria-label={`VAT report tied to the ledger, ${month}`} data-ties={String(r.tiesOut)}>
        <caption>
          Tie to the ledger · {r.final ? 'every ledger date is closed' : 'includes an open ledger date: the ledger side can still change'}
        </caption>
        <TableHead columns={['', { label: 'Count', numeric: true }, { label: 'Gross', numeric: true }]} />
        <tbody>
          {line('report', 'Sales in this report', salesCount, reportGross, '')}
          {line('cash', 'Cash sales (mPOS): never on the ledger', r.cash.count, r.cash.gross, '−')}
          {line('other-dates', 'Sales the ledger books on another date', r.bookedOnOtherDates.count, r.bookedOnOtherDates.gross, '−')}
          {line('not-in-report', 'Ledger captures and refunds not in this report', r.notInReport.count, r.notInReport.gross, '+')}
          {r.unexplained.minorUnits !== 0
            ? line('unexplained', 'Unexplained difference (a sale and its ledger entry differ)', null, r.unexplained, '+')
            : null}
        </tbody>
        <tfoot>
          <tr className="totals tie-ledger">
            <th scope="row">= Captures less refunds on the ledger</th>
            <td className="num">{r.ledger.count}</td>
            <td className="num" data-minor-units={r.ledger.gross.minorUnits}>
              {formatMoney(r.ledger.gross)}
              {r.tiesOut ? <span className="check ok-mark">ties</span> : <span className="check bad-mark">does not tie</span>}
            </td>
          </tr>
        </tfoot>
      </table>
      <WhyTheyDiffer r={r} />
      {r.notInReport.count > 0 ? (
        <p className="warn">
          {r.notInReport.count} captures and refunds on the ledger this month are not in this report (the Sales API dates them in another
          month, or has no sale for them): their VAT is not in the rows above.
        </p>
      ) : null}
    </>
  );
}

/** The tie's lines in words: why the report's gross is not the ledger's, as far as the API tells. */
function WhyTheyDiffer({
  r,
}: {
  r: {
    cash: { count: number; gross: Money };
    bookedOnOtherDates: { count: number; gross: Money };
    notInReport: { count: number; gross: Money };
    unexplained: Money;
  };
}) {
  const reasons: string[] = [];
  if (r.cash.count > 0)
    reasons.push(
      `${r.cash.count} cash sales (${formatMoney(r.cash.gross)}) were made at the till (mPOS): they carry VAT, but no money moved through the provider, so the ledger never sees them.`,
    );
  if (r.bookedOnOtherDates.count > 0)
    reasons.push(
      `${r.bookedOnOtherDates.count} sales (${formatMoney(r.bookedOnOtherDates.gross)}) are dated in this month by the Sales API but booked by the ledger on a date outside it (a capture late in the evening, booked on the next date).`,
    );
  if (r.notInReport.count > 0)
    reasons.push(
      `${r.notInReport.count} captures and refunds (${formatMoney(r.notInReport.gross)}) are on the ledger this month but are not sales of this month: their sale is dated in another month, or the Sales API has none for them.`,
    );
  if (r.unexplained.minorUnits !== 0)
    reasons.push(`${formatMoney(r.unexplained)} is left unexplained: a sale and its ledger entry disagree on the amount.`);
  return (
    <div className="why">
      <h2>Why the report and the ledger differ</h2>
      {reasons.length === 0 ? (
        <p>They do not: every sale of the month is a capture or refund on the ledger in the same month, for the same amount.</p>
      ) : (
        <ul>
          {reasons.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function MonthForm({ id, month: initial }: { id: string; month: string }) {
  const [month, setMonth] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(['vat', id], { month }));
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Which month">
      <label>
        Month
        <input type="month" value={month} required onChange={(e) => setMonth(e.target.value)} />
      </label>
      <button type="submit">Show VAT</button>
    </form>
  );
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(v: string | number): string {
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface VatRowValues {
  vatPercentage: string;
  category?: string | null;
  eventCount: number;
  lineCount: number;
  net: Money;
  vat: Money;
  gross: Money;
}

/**
 * The report as the accountant files it: one CSV row per rate and category with exact decimal
 * amounts as the API sends them, the totals, what is not broken down, and the tie to the ledger.
 */
function downloadVatCsv(
  month: string,
  ledgerName: string,
  rows: VatRowValues[],
  sums: { net: Money; vat: Money; gross: Money },
  coverage: { eventCount: number; eventsWithoutLines: number; eventsWithoutVatBreakdown: number; final: boolean },
  coverageGross: Money,
  uncoveredGross: Money,
  reconciliation: FragmentType<typeof VatTieFragment>,
): void {
  const tie = getFragmentData(VatTieFragment, reconciliation);
  const line = (ref: FragmentType<typeof VatTieLineFragment>) => {
    const l = getFragmentData(VatTieLineFragment, ref);
    return [l.count, money(l.gross).amount] as const;
  };
  const currency = coverageGross.currency;
  const out: Array<Array<string | number>> = [
    ['VAT report', ledgerName, month, currency, coverage.final ? 'closed' : 'open: can still change'],
    [],
    ['section', 'VAT rate (%)', 'category', 'sales', 'lines', 'net', 'VAT', 'gross'],
    ...rows.map((r) => ['rate', r.vatPercentage, r.category ?? '', r.eventCount, r.lineCount, r.net.amount, r.vat.amount, r.gross.amount]),
    ['all rates', '', '', '', '', sums.net.amount, sums.vat.amount, sums.gross.amount],
    [
      'not broken down',
      '',
      `${coverage.eventsWithoutLines} without lines, ${coverage.eventsWithoutVatBreakdown} without a full VAT breakdown`,
      '',
      '',
      '',
      '',
      uncoveredGross.amount,
    ],
    ['gross of all sales', '', '', coverage.eventCount, '', '', '', coverageGross.amount],
    [],
    ['tie to the ledger', 'count', 'gross'],
    ['sales in this report', coverage.eventCount, coverageGross.amount],
    ['less cash sales (never on the ledger)', ...line(tie.cash)],
    ['less sales the ledger books on another date', ...line(tie.bookedOnOtherDates)],
    ['plus ledger captures and refunds not in this report', ...line(tie.notInReport)],
    ['plus unexplained difference', '', money(tie.unexplained).amount],
    ['captures less refunds on the ledger', ...line(tie.ledger)],
    ['ties', tie.tiesOut ? 'yes' : 'no'],
  ];
  const text = `${out.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `vat-report-${ledgerName.split(' ')[0] ?? 'ledger'}-${month}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
