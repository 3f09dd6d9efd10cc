/** One part of an email channel's sending identity, saved on its own: its fields, Save, and the refusal (if any) under them. */
import { useState, type ReactNode } from 'react';
import { FormError } from '../../ui/FormError.js';
import { useT } from '../../i18n/index.js';

/** `save` resolves with the error to show, or null once saved (EmailIdentity's `Save` toasts that). `after` follows the fields, inside the form. */
export function IdentityPartForm(props: {
  legend: string;
  className?: string;
  save(): Promise<string | null>;
  children: ReactNode;
  after?: ReactNode;
}) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className={props.className ? `identity-part ${props.className}` : 'identity-part'}
      onSubmit={async (ev) => {
        ev.preventDefault();
        setError(await props.save());
      }}
    >
      <fieldset>
        <legend>{props.legend}</legend>
        {props.children}
        <button type="submit" className="btn small">
          {t('identity.save')}
        </button>
        <FormError error={error} />
      </fieldset>
      {props.after}
    </form>
  );
}
