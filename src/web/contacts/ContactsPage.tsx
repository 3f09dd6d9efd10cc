/** The contact list: search, filters (owner, company, open conversations), create. Rows open the contact page. */
import { useState } from 'react';
import type { ContactOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { Field } from '../ui/Field.js';
import { Table } from '../ui/Table.js';
import { UserOptions } from '../ui/UserOptions.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';
import { linkHandler, navigate } from '../state/route.js';
import { useSession, userName } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { useDebouncedValue } from '../state/hooks.js';
import { useContactList } from '../state/crm-queries.js';
import { useT } from '../i18n/index.js';

export function ContactsPage() {
  const t = useT();
  const { users } = useSession();
  const [q, setQ] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [company, setCompany] = useState('');
  const [open, setOpen] = useState('');
  const [creating, setCreating] = useState(false);

  // Asked for once typing pauses; kept and fetched again on `contact.updated` (state/live-cache.ts).
  const filter = useDebouncedValue({ q, ownerId, company, hasOpenConversations: open }, 200);
  const list = useContactList(filter);
  const items = list.data ? list.data.pages.flatMap((p) => p.items) : null;
  const more = () => list.fetchNextPage({ cancelRefetch: false }).catch(() => {});

  return (
    <section className="crm-page" aria-labelledby="contacts-title">
      <header className="crm-head">
        <h1 id="contacts-title">{t('contacts.title')}</h1>
        <button type="button" className="btn primary" onClick={() => setCreating(true)}>
          {t('contacts.create')}
        </button>
      </header>
      <div className="crm-filters" role="search">
        <label>
          {t('contacts.search')}
          <input type="search" value={q} placeholder={t('contacts.searchPlaceholder')} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          {t('contacts.owner')}
          <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">{t('contacts.anyOwner')}</option>
            <option value="none">{t('contacts.noOwner')}</option>
            <UserOptions />
          </select>
        </label>
        <label>
          {t('contacts.company')}
          <input value={company} onChange={(e) => setCompany(e.target.value)} />
        </label>
        <label>
          {t('contacts.open')}
          <select value={open} onChange={(e) => setOpen(e.target.value)}>
            <option value="">{t('contacts.any')}</option>
            <option value="true">{t('contacts.withOpen')}</option>
            <option value="false">{t('contacts.withoutOpen')}</option>
          </select>
        </label>
      </div>
      {items === null ? (
        <p className="muted" aria-busy="true">
          …
        </p>
      ) : items.length === 0 ? (
        <p className="muted">{t('contacts.empty')}</p>
      ) : (
        <Table columns={[t('contacts.name'), t('contacts.email'), t('contacts.company'), t('contacts.owner')]} className="contacts-table">
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                <a href={`/contacts/${c.id}`} onClick={linkHandler(`/contacts/${c.id}`)}>
                  {c.name || c.email || '—'}
                </a>
              </td>
              <td>{c.email ?? '—'}</td>
              <td>{c.company ?? '—'}</td>
              <td>{userName(users, c.ownerId) ?? '—'}</td>
            </tr>
          ))}
        </Table>
      )}
      {list.hasNextPage && (
        <p className="list-more">
          <button type="button" className="btn" onClick={() => void more()}>
            {t('contacts.more')}
          </button>
        </p>
      )}
      {creating && <ContactDialog onClose={() => setCreating(false)} onSaved={(c) => navigate(`/contacts/${c.id}`)} />}
    </section>
  );
}

/** Create or edit a contact's main fields. */
export function ContactDialog({ contact, onClose, onSaved }: { contact?: ContactOut; onClose(): void; onSaved(c: ContactOut): void }) {
  const t = useT();
  const toast = useToast();
  const [f, setF] = useState({
    name: contact?.name ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    company: contact?.company ?? '',
    ownerId: contact?.ownerId ?? '',
  });
  // A clash (409) names no field: it is about the address.
  const { errors, busy, submit } = useFormSave(onClose, { fallbackField: 'email' });
  // Custom properties: edit values, add a key, clear a value to remove it.
  const [props, setProps] = useState<[string, string][]>(Object.entries(contact?.properties ?? {}).map(([k, v]) => [k, String(v ?? '')]));
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const save = submit(async () => {
    const properties: Record<string, string | null> = {};
    for (const k of Object.keys(contact?.properties ?? {})) properties[k] = null;
    for (const [k, v] of props) if (k.trim()) properties[k.trim()] = v.trim() ? v.trim() : null;
    const body = {
      name: f.name || null,
      email: f.email || null,
      phone: f.phone || null,
      company: f.company || null,
      ownerId: f.ownerId || null,
      properties,
    };
    const c = contact
      ? await api.patch<ContactOut>(`/contacts/${contact.id}`, body, { quiet: [400, 409] })
      : await api.post<ContactOut>('/contacts', body, { quiet: [400, 409] });
    toast(contact ? t('contact.saved') : t('contacts.created'));
    onSaved(c);
  });
  return (
    <FormDialog title={contact ? t('contact.edit') : t('contacts.create')} onClose={onClose} onSubmit={save} busy={busy}>
      <Field label={t('contacts.name')} error={errors.name}>
        <input value={f.name} maxLength={200} onChange={set('name')} />
      </Field>
      <Field label={t('contacts.email')} error={errors.email}>
        <input type="email" value={f.email} onChange={set('email')} />
      </Field>
      <Field label={t('contacts.phone')} error={errors.phone}>
        <input value={f.phone} onChange={set('phone')} />
      </Field>
      <Field label={t('contacts.company')} error={errors.company}>
        <input value={f.company} onChange={set('company')} />
      </Field>
      <Field label={t('contacts.owner')} error={errors.ownerId}>
        <select value={f.ownerId} onChange={set('ownerId')}>
          <option value="">{t('contacts.noOwner')}</option>
          <UserOptions />
        </select>
      </Field>
      <fieldset className="check-list" style={{ maxHeight: 'none' }}>
        <legend className="small muted">{t('contact.properties')}</legend>
        {props.map(([k, v], i) => (
          <div key={i} style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '.4rem' }}>
            <input
              aria-label={t('contact.key')}
              value={k}
              maxLength={100}
              onChange={(e) => setProps((p) => p.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))}
            />
            <input
              aria-label={t('contact.value')}
              value={v}
              maxLength={2000}
              onChange={(e) => setProps((p) => p.map((x, j) => (j === i ? [x[0], e.target.value] : x)))}
            />
          </div>
        ))}
        <button type="button" className="btn small" style={{ justifySelf: 'start' }} onClick={() => setProps((p) => [...p, ['', '']])}>
          {t('contact.addProperty')}
        </button>
      </fieldset>
    </FormDialog>
  );
}
