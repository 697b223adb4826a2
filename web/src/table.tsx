import type { ReactNode } from 'react';

/** A column of a table's header: its label, and whether it holds numbers (right-aligned). */
export type Column = ReactNode | { label: ReactNode; numeric: true };

function isNumeric(c: Column): c is { label: ReactNode; numeric: true } {
  return typeof c === 'object' && c !== null && 'numeric' in c;
}

/**
 * The header row of a data table: one `<th scope="col">` a column (screen readers announce it for
 * every cell below), numeric columns right-aligned like their cells (`className="num"`).
 */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          isNumeric(c) ? (
            <th key={i} scope="col" className="num">
              {c.label}
            </th>
          ) : (
            <th key={i} scope="col">
              {c}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
