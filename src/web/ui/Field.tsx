/** A labelled form field with its inline error from the API. */
import { cloneElement, useId, type ReactElement } from 'react';

export function Field(props: { label: string; error?: string; hint?: string; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const errId = `${id}-err`;
  const child = cloneElement(props.children, {
    id,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': props.error ? errId : undefined,
  });
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {child}
      {props.hint && <small className="muted">{props.hint}</small>}
      {props.error && (
        <small className="field-error" id={errId} role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}
