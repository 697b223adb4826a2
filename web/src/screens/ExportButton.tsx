import { useState } from 'react';
import { useClient } from 'urql';
import { ErrorNotice, errorsAt, type ShownError } from '../errors';
import { graphql } from '../__generated__/gql';
import type { ExportFormat } from '../__generated__/graphql';

const EntriesExportQuery = graphql(`
  query WebEntriesExport($id: ID!, $from: Date!, $to: Date!, $topic: LedgerTopic!, $format: ExportFormat!) {
    ledger(id: $id) {
      id
      entriesExport(from: $from, to: $to, topic: $topic, format: $format) {
        downloadUrl
        fileName
        contentType
      }
    }
  }
`);

const FORMAT_STORAGE = 'tally.exportFormat';
const FORMATS: Array<{ format: ExportFormat; label: string }> = [
  { format: 'CSV', label: 'CSV (comma, decimal point)' },
  { format: 'CSV_NORDIC', label: 'Excel in Norway, Denmark, Sweden, Finland (semicolon, decimal comma)' },
];

/**
 * The format an accountant's Excel opens with a double click: the one chosen last in this browser,
 * else the Nordic one where the browser's language is Norwegian, Danish, Swedish or Finnish.
 */
function defaultFormat(): ExportFormat {
  try {
    const saved = localStorage.getItem(FORMAT_STORAGE);
    if (saved === 'CSV' || saved === 'CSV_NORDIC') return saved;
  } catch {
    /* storage unavailable: fall back to the language */
  }
  return /^(nb|nn|no|da|sv|fi)\b/i.test(navigator.language) ? 'CSV_NORDIC' : 'CSV';
}

/** The first and last date of a month `YYYY-MM`, the last one no later than `today`. */
function monthRange(month: string, today: string | undefined): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { from: `${month}-01`, to: today && last > today ? today : last };
}

/**
 * "Export CSV": asks Tally for a signed link to the file of every entry of the range shown (or of a
 * whole month) in the chosen format, and lets the browser download it (the file streams from the
 * gateway; nothing is held in the page).
 */
export function ExportButton({
  id,
  from,
  to,
  topic,
  today,
}: {
  id: string;
  from: string;
  to: string;
  topic: 'FUNDS' | 'FEES';
  today?: string;
}) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ShownError[]>([]);
  const [format, setFormat] = useState<ExportFormat>(defaultFormat);
  const [month, setMonth] = useState((from || to).slice(0, 7));
  const download = async (range: { from: string; to: string }) => {
    setBusy(true);
    setErrors([]);
    // A fresh link every time: links expire.
    const res = await client.query(EntriesExportQuery, { id, ...range, topic, format }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    const file = res.data?.ledger?.entriesExport;
    if (!file) {
      setErrors(errorsAt(res.error));
      return;
    }
    const a = document.createElement('a');
    a.href = file.downloadUrl;
    a.download = file.fileName;
    document.body.append(a);
    a.click();
    a.remove();
  };
  return (
    <span className="export">
      <label>
        File format{' '}
        <select
          value={format}
          onChange={(e) => {
            const next = e.target.value === 'CSV_NORDIC' ? 'CSV_NORDIC' : 'CSV';
            setFormat(next);
            localStorage.setItem(FORMAT_STORAGE, next);
          }}
        >
          {FORMATS.map((f) => (
            <option key={f.format} value={f.format}>
              {f.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" onClick={() => void download({ from, to })} disabled={busy}>
        {busy ? 'Preparing…' : 'Export CSV'}
      </button>{' '}
      <label>
        or a whole month <input type="month" value={month} max={today?.slice(0, 7)} onChange={(e) => setMonth(e.target.value)} />
      </label>{' '}
      <button type="button" onClick={() => void download(monthRange(month, today))} disabled={busy || !/^\d{4}-\d{2}$/.test(month)}>
        Export month
      </button>
      <ErrorNotice errors={errors} title="The export failed." />
    </span>
  );
}
