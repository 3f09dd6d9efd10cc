/** Users: create, change role and paid seat; deactivate, reactivate, start a password reset. */
import { useState } from 'react';
import type { PasswordResetOut, Role, UserOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { passwordError, useT, type MessageKey } from '../i18n/index.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { Avatar } from '../ui/Avatar.js';
import { Field } from '../ui/Field.js';
import { Table } from '../ui/Table.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';
import { Modal } from '../ui/Modal.js';

export const roleLabel: Record<Role, MessageKey> = { super_admin: 'role.super_admin', admin: 'role.admin', agent: 'role.agent' };
const roles: Role[] = ['agent', 'admin', 'super_admin'];

export function UserSettings() {
  const t = useT();
  const toast = useToast();
  const { users, me, reloadDirectory } = useSession();
  const [creating, setCreating] = useState(false);
  const [resetLink, setResetLink] = useState<{ name: string; link: string } | null>(null);
  // Shown at once, confirmed (or rolled back) by the API.
  const [pending, setPending] = useState<Record<string, Partial<UserOut>>>({});

  async function update(u: UserOut, patch: Partial<Pick<UserOut, 'role' | 'paidSeat'>>) {
    setPending((p) => ({ ...p, [u.id]: { ...p[u.id], ...patch } }));
    try {
      await api.patch(`/users/${encodeURIComponent(u.id)}`, patch);
      await reloadDirectory();
      toast(t('users.saved', { name: u.name }));
    } catch {
      /* toasted */
    } finally {
      setPending(({ [u.id]: _, ...rest }) => rest);
    }
  }

  async function setActive(u: UserOut, active: boolean) {
    try {
      await api.post(`/users/${encodeURIComponent(u.id)}/${active ? 'reactivate' : 'deactivate'}`);
      await reloadDirectory();
      toast(t(active ? 'access.reactivatedToast' : 'access.deactivatedToast', { name: u.name }));
    } catch {
      /* toasted */
    }
  }

  async function startReset(u: UserOut) {
    try {
      const r = await api.post<PasswordResetOut>(`/users/${encodeURIComponent(u.id)}/password-reset`);
      if (r.link) setResetLink({ name: u.name, link: r.link });
      else toast(t('access.resetEmailed', { email: u.email }));
    } catch {
      /* toasted */
    }
  }

  return (
    <section aria-labelledby="users-title">
      <header className="settings-head">
        <h2 id="users-title">{t('settings.users')}</h2>
        <button type="button" className="btn primary" onClick={() => setCreating(true)}>
          {t('users.create')}
        </button>
      </header>
      <Table columns={[t('users.name'), t('users.email'), t('users.role'), t('users.seat'), t('users.availability'), t('access.column')]}>
        {users
          .map((x) => ({ ...x, ...pending[x.id] }))
          .map((u) => (
            <tr key={u.id}>
              <td>
                <span className="with-avatar">
                  <Avatar name={u.name} url={u.avatarUrl} />
                  {u.name}
                </span>
              </td>
              <td>{u.email}</td>
              <td>
                <select
                  aria-label={t('users.roleOf', { name: u.name })}
                  value={u.role}
                  disabled={u.id === me.id}
                  onChange={(e) => update(u, { role: e.target.value as Role })}
                >
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(roleLabel[r])}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('users.seatOf', { name: u.name })}
                  checked={u.paidSeat}
                  onChange={(e) => update(u, { paidSeat: e.target.checked })}
                />
              </td>
              <td>{u.active ? t(u.availability === 'away' ? 'users.away' : 'users.available') : t('access.deactivated')}</td>
              <td>
                {u.id !== me.id && (
                  <span className="row-actions">
                    {u.active && (
                      <button
                        type="button"
                        className="btn"
                        aria-label={t('access.resetOf', { name: u.name })}
                        onClick={() => startReset(u)}
                      >
                        {t('access.reset')}
                      </button>
                    )}
                    <button
                      type="button"
                      className={u.active ? 'btn danger' : 'btn'}
                      aria-label={t(u.active ? 'access.deactivateOf' : 'access.reactivateOf', { name: u.name })}
                      onClick={() => setActive(u, !u.active)}
                    >
                      {t(u.active ? 'access.deactivate' : 'access.reactivate')}
                    </button>
                  </span>
                )}
              </td>
            </tr>
          ))}
      </Table>
      {creating && <CreateUserDialog onClose={() => setCreating(false)} />}
      {resetLink && (
        <Modal title={t('access.resetLinkTitle')} onClose={() => setResetLink(null)}>
          <p>{t('access.resetLinkText', { name: resetLink.name })}</p>
          <div className="field">
            <input readOnly aria-label={t('access.resetLinkTitle')} value={resetLink.link} onFocus={(e) => e.target.select()} />
          </div>
        </Modal>
      )}
    </section>
  );
}

function CreateUserDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { reloadDirectory } = useSession();
  const [form, setForm] = useState({ email: '', name: '', role: 'agent' as Role, paidSeat: true, password: '' });
  const { errors, busy, submit } = useFormSave(onClose);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  const save = submit(async () => {
    const { password, ...rest } = form;
    await api.post('/users', password ? form : rest);
    await reloadDirectory();
    toast(t('users.created', { name: form.name }));
  });

  return (
    <FormDialog title={t('users.create')} onClose={onClose} onSubmit={save} busy={busy} submitLabel={t('users.create')}>
      <Field label={t('users.name')} error={errors.name}>
        <input required value={form.name} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <Field label={t('users.email')} error={errors.email}>
        <input required type="email" value={form.email} onChange={(e) => set({ email: e.target.value })} />
      </Field>
      <Field label={t('users.role')} error={errors.role}>
        <select value={form.role} onChange={(e) => set({ role: e.target.value as Role })}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(roleLabel[r])}
            </option>
          ))}
        </select>
      </Field>
      <label className="inline">
        <input type="checkbox" checked={form.paidSeat} onChange={(e) => set({ paidSeat: e.target.checked })} />
        {t('users.seat')}
      </label>
      <Field label={t('users.password')} error={passwordError(t, errors.password)} hint={t('users.passwordHint')}>
        <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => set({ password: e.target.value })} />
      </Field>
    </FormDialog>
  );
}
