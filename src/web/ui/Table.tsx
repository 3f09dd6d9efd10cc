/** A table of records: one header row naming the columns, then the caller's rows. */
import type { ReactNode } from 'react';

export function Table(props: { columns: ReactNode[]; className?: string; children: ReactNode }) {
  return (
    <table className={props.className ? `table ${props.className}` : 'table'}>
      <thead>
        <tr>
          {props.columns.map((name, i) => (
            <th key={i} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}
