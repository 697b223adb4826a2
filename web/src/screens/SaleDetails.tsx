import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatMoney } from '../format';
import { money } from '../fragments';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { TableHead } from '../table';

/** One order line of a sale. */
const SaleLineFragment = graphql(`
  fragment SaleLine on SalesLine {
    lineId
    name
    category
    quantity
    vatPercentage
    unitPriceGross {
      ...MoneyFields
    }
    discountTotal {
      ...MoneyFields
    }
    lineTotalGross {
      ...MoneyFields
    }
    lineTotalNet {
      ...MoneyFields
    }
    vatAmount {
      ...MoneyFields
    }
  }
`);

const EntrySaleQuery = graphql(`
  query WebEntrySale($id: ID!) {
    node(id: $id) {
      id
      ... on Entry {
        salesEvent {
          id
          pspReference
          reference
          paymentType
          classification {
            solution
          }
          completeness {
            hasLineItems
            hasVatBreakdown
          }
          amounts {
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
          lines {
            ...SaleLine
          }
        }
      }
    }
  }
`);

const quantityFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** The sale behind a capture or refund: its order lines with VAT, and gross/net/VAT totals. */
export function SaleDetails({ entryId }: { entryId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: EntrySaleQuery, variables: { id: entryId } });
  if (fetching) return <p className="loading">Loading the sale…</p>;
  const node = data?.node;
  const sale = node && 'salesEvent' in node ? node.salesEvent : null;
  const errors = errorsAt(error, ['node']);
  if (!sale) {
    return errors.length > 0 ? (
      <ErrorNotice errors={errors} title="The sale could not be read; the entry itself is fine." />
    ) : (
      <p className="muted">No sale data for this entry (sales units without Sales API data have none).</p>
    );
  }
  const gross = money(sale.amounts.gross);
  const net = money(sale.amounts.net);
  const vat = money(sale.amounts.vat);
  return (
    <div className="sale" data-sale-id={sale.id} data-gross-minor-units={gross?.minorUnits}>
      <p>
        Order <strong>{sale.reference ?? '—'}</strong> · paid by {sale.paymentType ?? 'unknown'} ·{' '}
        {sale.classification?.solution ?? 'unclassified'}
      </p>
      {sale.completeness?.hasVatBreakdown === false ? (
        <p className="warn">This sale has no VAT breakdown (a typed-in amount): do not book its VAT as zero.</p>
      ) : null}
      {sale.lines.length > 0 ? (
        <table className="data lines" aria-label={`Order lines of order ${sale.reference ?? sale.pspReference ?? ''}`}>
          <TableHead
            columns={[
              'Item',
              { label: 'Quantity', numeric: true },
              { label: 'Unit price', numeric: true },
              { label: 'Discount', numeric: true },
              { label: 'VAT rate', numeric: true },
              { label: 'Net', numeric: true },
              { label: 'VAT', numeric: true },
              { label: 'Gross', numeric: true },
            ]}
          />
          <tbody>
            {sale.lines.map((line, i) => (
              <SaleLineRow key={getFragmentData(SaleLineFragment, line).lineId ?? i} line={line} />
            ))}
          </tbody>
          <tfoot>
            <tr className="totals">
              <th scope="row" colSpan={5}>
                Sale total
              </th>
              <td className="num" data-net-minor-units={net?.minorUnits}>
                {formatMoney(net)}
              </td>
              <td className="num" data-vat-minor-units={vat?.minorUnits}>
                {formatMoney(vat)}
              </td>
              <td className="num gross">{formatMoney(gross)}</td>
            </tr>
          </tfoot>
        </table>
      ) : (
        <p>
          No order lines. Gross {formatMoney(gross)}, net {formatMoney(net)}, VAT {formatMoney(vat)}.
        </p>
      )}
      <ErrorNotice errors={errors} title="Part of the sale could not be read." />
    </div>
  );
}

function SaleLineRow({ line: ref }: { line: FragmentType<typeof SaleLineFragment> }) {
  const line = getFragmentData(SaleLineFragment, ref);
  const gross = money(line.lineTotalGross);
  const vat = money(line.vatAmount);
  const discount = money(line.discountTotal);
  return (
    <tr className="line" data-gross-minor-units={gross?.minorUnits} data-vat-minor-units={vat?.minorUnits}>
      <td>
        {line.name ?? '—'}
        {line.category ? <span className="muted"> · {line.category}</span> : null}
      </td>
      <td className="num">{line.quantity == null ? '—' : quantityFormat.format(line.quantity)}</td>
      <td className="num">{formatMoney(money(line.unitPriceGross))}</td>
      <td className="num">{discount && discount.minorUnits !== 0 ? formatMoney(discount) : '—'}</td>
      <td className="num">{line.vatPercentage == null ? '—' : `${line.vatPercentage} %`}</td>
      <td className="num">{formatMoney(money(line.lineTotalNet))}</td>
      <td className="num">{formatMoney(vat)}</td>
      <td className="num">{formatMoney(gross)}</td>
    </tr>
  );
}
