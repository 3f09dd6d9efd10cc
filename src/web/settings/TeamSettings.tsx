/** Teams: named groups of users; create, rename, change members. */
import { useState } from 'react';
import type { TeamOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { useT } from '../i18n/index.js';
import { useSession, userName } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { EmptyState } from '../ui/EmptyState.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';

export function TeamSettings() {
  const t = useT();
  const { teams, users } = useSession();
  const [editing, setEditing] = useState<TeamOut | 'new' | null>(null);
  return (
    <section aria-labelledby="teams-title">
      <header className="settings-head">
        <h2 id="teams-title">{t('settings.teams')}</h2>
        <button type="button" className="btn primary" onClick={() => setEditing('new')}>
          {t('teams.create')}
        </button>
      </header>
      {teams.length === 0 ? (
        <EmptyState title={t('teams.empty')} text={t('teams.emptyText')} />
      ) : (
        <ul className="cards">
          {teams.map((x) => (
            <li key={x.id} className="card">
              <div>
                <strong>{x.name}</strong>
                <p className="muted small">
                  {x.userIds.length ? x.userIds.map((id) => userName(users, id) ?? id).join(', ') : t('teams.noMembers')}
                </p>
              </div>
              <button type="button" className="btn small" aria-label={t('teams.editNamed', { name: x.name })} onClick={() => setEditing(x)}>
                {t('common.edit')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing && <TeamDialog team={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </section>
  );
}

function TeamDialog({ team, onClose }: { team: TeamOut | null; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { users, reloadDirectory } = useSession();
  const [name, setName] = useState(team?.name ?? '');
  const [userIds, setUserIds] = useState<string[]>(team?.userIds ?? []);
  const { errors, busy, submit } = useFormSave(onClose);

  const save = submit(async () => {
    if (team) await api.patch(`/teams/${encodeURIComponent(team.id)}`, { name, userIds });
    else await api.post('/teams', { name, userIds });
    await reloadDirectory();
    toast(t('teams.saved', { name }));
  });

  return (
    <FormDialog title={team ? t('teams.editTitle') : t('teams.create')} onClose={onClose} onSubmit={save} busy={busy}>
      <Field label={t('teams.name')} error={errors.name}>
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <fieldset>
        <legend>{t('teams.members')}</legend>
        {users.map((u) => (
          <label key={u.id} className="inline">
            <input
              type="checkbox"
              checked={userIds.includes(u.id)}
              onChange={() => setUserIds((ids) => (ids.includes(u.id) ? ids.filter((x) => x !== u.id) : [...ids, u.id]))}
            />
            {u.name}
          </label>
        ))}
      </fieldset>
    </FormDialog>
  );
}
