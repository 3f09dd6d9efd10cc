/** The frame of the pages shown before signing in: one centred card with the product's name, and its error line. */
import type { FormEvent, ReactNode } from 'react';

export function AuthCard(props: { titleId: string; onSubmit(e: FormEvent): void; children: ReactNode }) {
  return (
    <main className="login">
      <form className="login-card" onSubmit={props.onSubmit} aria-labelledby={props.titleId}>
        <h1 id={props.titleId} className="brand">
          Switchboard
        </h1>
        {props.children}
      </form>
    </main>
  );
}

/** A form's error, read out when it appears. */
export const FormError = (props: { error: string | null }) =>
  props.error ? (
    <p className="field-error" role="alert">
      {props.error}
    </p>
  ) : null;
