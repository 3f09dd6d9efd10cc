/**
 * A table of records: one header row naming the columns, then the caller's rows. Every cell carries its
 * column's name (`data-label`), so that on a phone a settings table stacks into one card per row with the
 * names beside the values (styles.css) instead of scrolling sideways.
 */
import { useLayoutEffect, useRef, type ReactNode } from 'react';

export function Table(props: { columns: ReactNode[]; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    const table = ref.current;
    const body = table?.tBodies[0];
    if (!table || !body) return;
    // A column named only for screen readers (its actions) shows no name beside its buttons.
    const names = Array.from(table.tHead?.rows[0]?.cells ?? [], (th) => {
      const text = th.textContent?.trim() ?? '';
      return th.querySelector('.sr-only')?.textContent?.trim() === text ? '' : text;
    });
    const label = () => {
      for (const row of Array.from(body.rows))
        Array.from(row.cells).forEach((cell, i) => {
          // A cell across all columns (a row's details) is not one column's value.
          if (cell.colSpan === 1 && cell.dataset.label !== names[i]) cell.dataset.label = names[i] ?? '';
        });
    };
    label();
    // Rows a row component adds by itself (an opened details row) are labelled too.
    const watch = new MutationObserver(label);
    watch.observe(body, { childList: true });
    return () => watch.disconnect();
  });
  return (
    <table ref={ref} className={props.className ? `table ${props.className}` : 'table'}>
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
