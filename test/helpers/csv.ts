/**
 * RFC 4180 records of a CSV text: quoted fields holding the separator, quotes and line breaks;
 * CRLF between records. `separator` is `,` by default, `;` for the files Nordic Excel opens. A
 * leading UTF-8 byte-order mark is refused unless `bom` says the file must have one, and then it
 * must be there: a reader that keeps it would name the first column `\uFEFFprovider`.
 */
export function parseCsv(text: string, { separator = ',', bom = false }: { separator?: string; bom?: boolean } = {}): string[][] {
  if (text.startsWith('\uFEFF') !== bom) throw new Error(bom ? 'CSV has no UTF-8 byte-order mark' : 'CSV starts with a byte-order mark');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = bom ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}
