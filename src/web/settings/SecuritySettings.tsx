/** Security (everyone): change your own password, and your API tokens (create with name, expiry and scope; shown once; list; revoke). */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ApiTokenOut, CreatedApiTokenOut } from '../../common/api.js';
import { api, fieldErrors } from '../api/http.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { Modal } from '../ui/Modal.js';
import { Table } from '../ui/Table.js';
import { useFormSave } from '../ui/useFormSave.js';
import { passwordError, useT, useI18n } from '../i18n/index.js';
import { useToast } from '../state/toasts.js';

const MIN_LENGTH = 10;

export function SecuritySettings() {
  return (
    <>
      <PasswordChange />
      <ApiTokens />
    </>
  );
}

function PasswordChange() {
  const t = useT();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    if ([...next].length < MIN_LENGTH) return setErrors({ newPassword: t('password.short') });
    setBusy(true);
    try {
      await api.post('/me/password', { currentPassword: current, newPassword: next }, { quiet: [400] });
      setCurrent('');
      setNext('');
      setErrors({});
      toast(t('security.changed'));
    } catch (err) {
      const f = fieldErrors(err);
      setErrors({ currentPassword: passwordError(t, f.currentPassword), newPassword: passwordError(t, f.newPassword) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="password-title">
      <header className="settings-head">
        <h2 id="password-title">{t('security.password')}</h2>
      </header>
      <p className="muted">{t('security.passwordHint')}</p>
      <form className="form" onSubmit={save}>
        <Field label={t('security.current')} error={errors.currentPassword}>
          <input type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <Field label={t('security.new')} error={errors.newPassword} hint={t('security.newHint')}>
          <input type="password" required autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={busy}>
            {t('security.change')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ApiTokens() {
  const t = useT();
  const { locale } = useI18n();
  const toast = useToast();
  const [tokens, setTokens] = useState<ApiTokenOut[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<CreatedApiTokenOut | null>(null);
  const load = useCallback(
    () =>
      api.get<{ items: ApiTokenOut[] }>('/tokens').then(
        (r) => setTokens(r.items),
        () => undefined,
      ),
    [],
  );
  useEffect(() => void load(), [load]);
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : '');

  async function revoke(x: ApiTokenOut) {
    try {
      await api.del(`/tokens/${encodeURIComponent(x.id)}`);
      toast(t('tokens.revoked', { name: x.name }));
    } catch {
      /* toasted */
    }
    await load();
  }

  return (
    <section aria-labelledby="tokens-title">
      <header className="settings-head">
        <h2 id="tokens-title">{t('tokens.title')}</h2>
        <button type="button" className="btn primary" onClick={() => setCreating(true)}>
          {t('tokens.create')}
        </button>
      </header>
      <p className="muted">{t('tokens.intro')}</p>
      {tokens && !tokens.length && <p>{t('tokens.none')}</p>}
      {tokens && tokens.length > 0 && (
        <>
          <p className="muted">{t('tokens.count', { count: tokens.length })}</p>
          <Table columns={[t('tokens.name'), t('tokens.scope'), t('tokens.created'), t('tokens.expiry'), t('tokens.lastUsed'), '']}>
            {tokens.map((x) => (
              <tr key={x.id}>
                <td>{x.name}</td>
                <td>{t(x.scope === 'read' ? 'tokens.scopeRead' : 'tokens.scopeWrite')}</td>
                <td>{date(x.createdAt)}</td>
                <td>{x.expiresAt ? date(x.expiresAt) : t('tokens.never')}</td>
                <td>{x.lastUsedAt ? date(x.lastUsedAt) : t('tokens.unused')}</td>
                <td>
                  <button
                    type="button"
                    className="btn danger"
                    aria-label={t('tokens.revokeOf', { name: x.name })}
                    onClick={() => revoke(x)}
                  >
                    {t('tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
      {creating && (
        <CreateTokenDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setShown(c);
            void load();
          }}
        />
      )}
      {shown && <ShownOnce token={shown} onClose={() => setShown(null)} />}
    </section>
  );
}

const expiryDays = [7, 30, 90, 365];

function CreateTokenDialog({ onClose, onCreated }: { onClose(): void; onCreated(t: CreatedApiTokenOut): void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | 0>(30);
  const [readOnly, setReadOnly] = useState(false);
  const { errors, busy, submit } = useFormSave(onClose);
  const save = submit(async () => {
    const expiresAt = days ? new Date(Date.now() + days * 86_400_000).toISOString() : null;
    onCreated(await api.post<CreatedApiTokenOut>('/tokens', { name, scope: readOnly ? 'read' : 'write', expiresAt }));
  });
  return (
    <FormDialog title={t('tokens.create')} onClose={onClose} onSubmit={save} busy={busy} submitLabel={t('tokens.create')}>
      <Field label={t('tokens.name')} error={errors.name}>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('tokens.expiry')} error={errors.expiresAt}>
        <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {expiryDays.map((d) => (
            <option key={d} value={d}>
              {t('tokens.days', { count: d })}
            </option>
          ))}
          <option value={0}>{t('tokens.never')}</option>
        </select>
      </Field>
      <label className="inline">
        <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
        {t('tokens.readOnly')}
      </label>
    </FormDialog>
  );
}

function ShownOnce({ token, onClose }: { token: CreatedApiTokenOut; onClose(): void }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      /* the field is selectable */
    }
  }
  return (
    <Modal title={token.name} onClose={onClose}>
      <p>{t('tokens.showOnce')}</p>
      <div className="field">
        <input readOnly aria-label={t('tokens.title')} value={token.token} onFocus={(e) => e.target.select()} />
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={copy}>
          {copied ? t('tokens.copied') : t('tokens.copy')}
        </button>
        <button type="button" className="btn primary" onClick={onClose}>
          {t('tokens.done')}
        </button>
      </div>
    </Modal>
  );
}
