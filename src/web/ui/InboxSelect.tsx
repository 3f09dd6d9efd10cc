/**
 * The one inbox `<select>`: the account's inboxes by name, optionally "every inbox" first (value "").
 * Inside a `Field` it takes the field's id and error wiring like a plain select.
 */
import type { SelectHTMLAttributes } from 'react';
import { useSession } from '../state/session.js';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'children'>;

export function InboxSelect({
  value,
  onChange,
  allInboxes,
  ...rest
}: SelectProps & {
  value: string;
  onChange(inboxId: string): void;
  /** The words of a first choice meaning every inbox (value ""); none: an inbox must be chosen. */
  allInboxes?: string;
}) {
  const { inboxes } = useSession();
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      {allInboxes !== undefined && <option value="">{allInboxes}</option>}
      {inboxes.map((i) => (
        <option key={i.id} value={i.id}>
          {i.name}
        </option>
      ))}
    </select>
  );
}
