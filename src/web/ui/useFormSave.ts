/** Saving a dialog's form: the API's field errors shown inline, whether a save is running, and the submit handler. */
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../api/http.js';

/**
 * `submit(save)` makes the form's submit handler: it runs `save`, calls `done` (usually closing the dialog)
 * once it succeeds, and on a refusal keeps the dialog open with the API's field errors.
 * `fallbackField` shows a refusal that names no field (a 409, say) under that field instead of only in a toast.
 */
export function useFormSave(done: () => void, opts: { fallbackField?: string } = {}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = (save: () => Promise<unknown>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    try {
      await save();
      done();
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(opts.fallbackField && !Object.keys(fields).length ? { [opts.fallbackField]: (err as Error).message } : fields);
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, submit };
}
