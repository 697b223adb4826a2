import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatMoney } from '../format';
import { graphql } from '../__generated__/gql';
import { TableHead } from '../table';

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
  return (
    <div className="sale" data-sale-id={sale.id} data-gross-minor-units={sale.amounts.gross?.minorUnits}>
      <p>
        Order <strong>{sale.reference ?? '—'}</strong> · paid by {sale.paymentType ?? 'unknown'} · {sale.classification?.solution ?? 'unclassified'}
      </p>
      {sale.completeness?.hasVatBreakdown === false ? (
        <p className="warn">This sale has no VAT breakdown (a typed-in amount): do not book its VAT as zero.</p>
      ) : null}
      {sale.lines.length > 0 ? (
        <table className="data lines" aria-label={`Order lines of order ${sale.reference ?? sale.pspReference ?? ''}`}>
          <TableHead columns={['Item', { label: 'Quantity', numeric: true }, { label: 'Unit price', numeric: true }, { label: 'Discount', numeric: true }, { label: 'VAT rate', numeric: true }, { label: 'Net', numeric: true }, { label: 'VAT', numeric: true }, { label: 'Gross', numeric: true }]} />
          <tbody>
            {sale.lines.map((line, i) => (
              <tr key={line.lineId ?? i} className="line" data-gross-minor-units={line.lineTotalGross?.minorUnits} data-vat-minor-units={line.vatAmount?.minorUnits}>
                <td>
                  {line.name ?? '—'}
                  {line.category ? <span className="muted"> · {line.category}</span> : null}
                </td>
                <td className="num">{line.quantity == null ? '—' : quantityFormat.format(line.quantity)}</td>
                <td className="num">{formatMoney(line.unitPriceGross)}</td>
                <td className="num">{line.discountTotal && line.discountTotal.minorUnits !== 0 ? formatMoney(line.discountTotal) : '—'}</td>
                <td className="num">{line.vatPercentage == null ? '—' : `${line.vatPercentage} %`}</td>
                <td className="num">{formatMoney(line.lineTotalNet)}</td>
                <td className="num">{formatMoney(line.vatAmount)}</td>
                <td className="num">{formatMoney(line.lineTotalGross)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="totals">
              <th scope="row" colSpan={5}>
                Sale total
              </th>
              <td className="num" data-net-minor-units={sale.amounts.net?.minorUnits}>
                {formatMoney(sale.amounts.net)}
              </td>
              <td className="num" data-vat-minor-units={sale.amounts.vat?.minorUnits}>
                {formatMoney(sale.amounts.vat)}
              </td>
              <td className="num gross">{formatMoney(sale.amounts.gross)}</td>
            </tr>
          </tfoot>
        </table>
      ) : (
        <p>
          No order lines. Gross {formatMoney(sale.amounts.gross)}, net {formatMoney(sale.amounts.net)}, VAT {formatMoney(sale.amounts.vat)}.
        </p>
      )}
      <ErrorNotice errors={errors} title="Part of the sale could not be read." />
    </div>
  );
}
