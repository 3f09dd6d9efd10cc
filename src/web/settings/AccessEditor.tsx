/** Who may use an inbox: everyone, or specific users and teams. */
import type { InboxOut } from '../../common/api.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../state/session.js';

export type Access = InboxOut['access'];

export function AccessEditor({ value, onChange, error }: { value: Access; onChange(a: Access): void; error?: string }) {
  const t = useT();
  const { users, teams } = useSession();
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  return (
    <fieldset className="access">
      <legend>{t('inboxes.access')}</legend>
      <label className="inline">
        <input
          type="radio"
          name="access-mode"
          checked={value.mode === 'everyone'}
          onChange={() => onChange({ ...value, mode: 'everyone' })}
        />
        {t('inboxes.accessEveryone')}
      </label>
      <label className="inline">
        <input
          type="radio"
          name="access-mode"
          checked={value.mode === 'specific'}
          onChange={() => onChange({ ...value, mode: 'specific' })}
        />
        {t('inboxes.accessSpecific')}
      </label>
      {value.mode === 'specific' && (
        <div className="access-lists">
          <fieldset>
            <legend>{t('settings.users')}</legend>
            {users.map((u) => (
              <label key={u.id} className="inline">
                <input
                  type="checkbox"
                  checked={value.userIds.includes(u.id)}
                  onChange={() => onChange({ ...value, userIds: toggle(value.userIds, u.id) })}
                />
                {u.name} <span className="muted small">{u.email}</span>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('settings.teams')}</legend>
            {teams.length === 0 && <p className="muted small">{t('teams.empty')}</p>}
            {teams.map((x) => (
              <label key={x.id} className="inline">
                <input
                  type="checkbox"
                  checked={value.teamIds.includes(x.id)}
                  onChange={() => onChange({ ...value, teamIds: toggle(value.teamIds, x.id) })}
                />
                {x.name}
              </label>
            ))}
          </fieldset>
        </div>
      )}
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}
