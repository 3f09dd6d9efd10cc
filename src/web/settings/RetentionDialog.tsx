/**
 * Settings › Inboxes › Retention (admins): keep conversations forever (the default), or delete them with
 * their messages and files once closed for a number of days (the nightly `retention` job).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { InboxOut } from '../../common/api.js';
import { MAX_RETENTION_DAYS, type RetentionOut } from '../../common/retention-api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useToast } from '../state/toasts.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';

export function RetentionDialog({ inbox, onClose }: { inbox: InboxOut; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const url = `/inboxes/${encodeURIComponent(inbox.id)}/retention`;
  const [mode, setMode] = useState<'keep' | 'delete' | null>(null);
  const [days, setDays] = useState('365');
  const { errors, busy, submit } = useFormSave(onClose, { fallbackField: 'days' });

  useEffect(() => {
    void api.get<RetentionOut>(url).then((r) => {
      setMode(r.days === null ? 'keep' : 'delete');
      if (r.days !== null) setDays(String(r.days));
    });
  }, [url]);

  const save = submit(async () => {
    await api.put<RetentionOut>(url, { days: mode === 'keep' ? null : Number(days) });
    toast(t('privacy.retentionSaved'));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };
  return (
    <FormDialog title={t('privacy.retentionTitle', { name: inbox.name })} onClose={onClose} onSubmit={onSubmit} busy={busy || !mode}>
      <p className="muted">{t('privacy.retentionText')}</p>
      {!mode ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <fieldset>
            <legend className="sr-only">{t('privacy.retention')}</legend>
            <label className="inline">
              <input type="radio" name="retention-mode" checked={mode === 'keep'} onChange={() => setMode('keep')} />
              {t('privacy.retentionKeep')}
            </label>
            <label className="inline">
              <input type="radio" name="retention-mode" checked={mode === 'delete'} onChange={() => setMode('delete')} />
              {t('privacy.retentionDelete')}
            </label>
          </fieldset>
          {mode === 'delete' && (
            <Field label={t('privacy.retentionDays')} error={errors.days}>
              <input
                type="number"
                required
                min={1}
                max={MAX_RETENTION_DAYS}
                step={1}
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            </Field>
          )}
        </>
      )}
    </FormDialog>
  );
}
