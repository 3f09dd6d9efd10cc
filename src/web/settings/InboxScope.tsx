/** The inbox a snippet or template is offered in, or every inbox: chosen once, when it is created, and shown on its card. */
import { useSession } from '../state/session.js';
import { Field } from '../ui/Field.js';
import { InboxSelect } from '../ui/InboxSelect.js';

export function InboxScopeField(props: {
  label: string;
  allInboxes: string;
  value: string;
  onChange(inboxId: string): void;
  error?: string;
  hint?: string;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      <InboxSelect value={props.value} onChange={props.onChange} allInboxes={props.allInboxes} />
    </Field>
  );
}

/** Follows the item's name on its card: " · Support", or " · All inboxes". */
export function InboxScopeLabel(props: { inboxId: string | null; allInboxes: string }) {
  const { inboxes } = useSession();
  return (
    <span className="muted small"> · {props.inboxId ? (inboxes.find((i) => i.id === props.inboxId)?.name ?? '') : props.allInboxes}</span>
  );
}
