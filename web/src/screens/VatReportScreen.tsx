import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatMoney } from '../format';
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

function lastMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
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
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? (params.get('month') as string) : lastMonth();
  const { from, to } = monthRange(month);
  const header = useLedgerHeader(id);
  const [{ data, fetching, error }] = useQuery({ query: VatReportQuery, variables: { id, from, to } });
  const ledger = data?.ledger;
  const report = ledger?.vatSummary ? getFragmentData(VatReportFragment, ledger.vatSummary) : null;
  const coverageGross = money(report?.coverage.gross);
  const uncoveredGross = money(report?.coverage.uncoveredGross);
  const currency = coverageGross?.currency ?? header.ledger?.currency ?? 'NOK';
  const exponent = coverageGross?.exponent ?? 2;
  const rows = (report?.rows ?? []).map((r) => ({ ...r, gross: money(r.gross), net: money(r.net), vat: money(r.vat) }));
  const sums = report
    ? { gross: total(rows.map((r) => r.gross), currency, exponent), net: total(rows.map((r) => r.net), currency, exponent), vat: total(rows.map((r) => r.vat), currency, exponent) }
    : null;
  const errors = errorsAt(error, ['ledger']);
  const noSales = errors.find((e) => e.reason === 'NO_SALES_DATA');
  const covered = sums && coverageGross && uncoveredGross ? sums.gross.minorUnits + uncoveredGross.minorUnits === coverageGross.minorUnits : null;
  return (
    <section aria-labelledby="vat-title">
      <LedgerHeader id={id} ledger={header.ref} error={header.error} screen="vat" heading="VAT report" titleId="vat-title" />
      <p className="lead">The sales' order lines per VAT rate and category, refunds netted.</p>
      <MonthForm key={month} id={id} month={month} />
      {fetching ? <p className="loading">Adding up the month's sales…</p> : null}
      <ErrorNotice errors={errors.filter((e) => e.reason !== 'NO_SALES_DATA')} title="The VAT report could not be made." />
      {noSales ? (
        <div className="error no-sales" role="alert">
          <strong>No VAT report for {month}: this ledger has no sales data. </strong>
          {noSales.message} <code className="code">{noSales.code}</code> <code className="code">{noSales.reason}</code>
        </div>
      ) : null}
      {ledger && !report && !error && !fetching ? <p>This ledger has no sales data (only Vipps MobilePay sales units with the Sales API have order lines).</p> : null}
      {report && sums && coverageGross && uncoveredGross ? (
        <>
          <table className="data vat" aria-label={`VAT per rate, ${month}`} data-covered={String(covered)}>
            <caption>
              {month} · {report.coverage.final ? 'closed: these totals can no longer change' : 'includes an open date: these totals can still change'}
            </caption>
            <TableHead columns={['VAT rate', 'Category', { label: 'Sales', numeric: true }, { label: 'Lines', numeric: true }, { label: 'Net', numeric: true }, { label: 'VAT', numeric: true }, { label: 'Gross', numeric: true }]} />
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.vatRate}-${r.category ?? ''}`} className="vat-row" data-gross-minor-units={r.gross.minorUnits} data-net-minor-units={r.net.minorUnits} data-vat-minor-units={r.vat.minorUnits}>
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
                  Not broken down ({report.coverage.eventsWithoutLines} sales without lines, {report.coverage.eventsWithoutVatBreakdown} without a full VAT breakdown)
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
                  {covered === false ? <span className="check bad-mark">does not add up</span> : <span className="check ok-mark">adds up</span>}
                </td>
              </tr>
            </tfoot>
          </table>
          <TieToLedger reconciliation={report.reconciliation} reportGross={coverageGross} salesCount={report.coverage.eventCount} month={month} />
          {uncoveredGross.minorUnits !== 0 ? (
            <p className="warn">Part of the gross has no VAT breakdown from the provider (typed-in amounts, lines without a rate): book that part from your own records, not as zero VAT.</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}


/**
 * How the report's gross ties to the ledger's captures and refunds of the month: what is on the
 * ledger, what is not, and why, each line with its count and exact amount.
 */
function TieToLedger({ reconciliation, reportGross, salesCount, month }: { reconciliation: FragmentType<typeof VatTieFragment>; reportGross: Money; salesCount: number; month: string }) {
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
          {r.unexplained.minorUnits !== 0 ? line('unexplained', 'Unexplained difference (a sale and its ledger entry differ)', null, r.unexplained, '+') : null}
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
      {r.notInReport.count > 0 ? (
        <p className="warn">
          {r.notInReport.count} captures and refunds on the ledger this month are not in this report (the Sales API dates them in another month, or has no sale for them): their VAT is not in the rows above.
        </p>
      ) : null}
    </>
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
