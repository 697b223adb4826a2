import { useState } from 'react';
import { useClient } from 'urql';
import { ErrorNotice, errorsAt, type ShownError } from '../errors';
import { graphql } from '../__generated__/gql';

const EntriesExportQuery = graphql(`
  query WebEntriesExport($id: ID!, $from: Date!, $to: Date!, $topic: LedgerTopic!) {
    ledger(id: $id) {
      id
      entriesExport(from: $from, to: $to, topic: $topic, format: CSV) {
        downloadUrl
        fileName
        contentType
      }
    }
  }
`);

/**
 * "Export CSV": asks Tally for a signed link to the file of every entry of the range and lets the
 * browser download it (the file streams from the gateway; nothing is held in the page).
 */
export function ExportButton({ id, from, to, topic }: { id: string; from: string; to: string; topic: 'FUNDS' | 'FEES' }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ShownError[]>([]);
  const exportCsv = async () => {
    setBusy(true);
    setErrors([]);
    // A fresh link every time: links expire.
    const res = await client.query(EntriesExportQuery, { id, from, to, topic }, { requestPolicy: 'network-only' }).toPromise();
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
      <button type="button" onClick={() => void exportCsv()} disabled={busy}>
        {busy ? 'Preparing…' : 'Export CSV'}
      </button>
      <ErrorNotice errors={errors} title="The export failed." />
    </span>
  );
}
