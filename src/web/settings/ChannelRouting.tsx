/** Per channel: how new conversations are assigned, and whether each becomes a support ticket (admins). */
import { useEffect, useState } from 'react';
import type { ChannelOut, InboxOut, Page } from '../../common/api.js';
import type { PipelineOut } from '../../common/crm-api.js';
import {
  defaultRouting,
  defaultTicketing,
  routingModes,
  type RoutingSettings,
  type TicketingSettings,
} from '../../common/crm-constants.js';
import { api, errorMessage } from '../api/http.js';
import { FormError } from '../ui/FormError.js';
import { Modal } from '../ui/Modal.js';
import { useT } from '../i18n/index.js';
import { stageName } from '../i18n/timeline.js';
import { UserOptions } from '../ui/UserOptions.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';

export function ChannelRoutingDialog({ inbox, onClose }: { inbox: InboxOut; onClose(): void }) {
  const t = useT();
  const [channels, setChannels] = useState<ChannelOut[] | null>(null);
  const [pipelines, setPipelines] = useState<PipelineOut[]>([]);
  useEffect(() => {
    void api.get<Page<ChannelOut>>(`/inboxes/${encodeURIComponent(inbox.id)}/channels`).then((p) => setChannels(p.items));
    void api.get<Page<PipelineOut>>('/pipelines').then((p) => setPipelines(p.items));
  }, [inbox.id]);
  return (
    <Modal title={t('routing.title', { name: inbox.name })} onClose={onClose} wide>
      <AutoAway />
      {!channels ? <p aria-busy="true">…</p> : channels.map((c) => <ChannelForm key={c.id} channel={c} pipelines={pipelines} />)}
    </Modal>
  );
}

function ChannelForm({ channel, pipelines }: { channel: ChannelOut; pipelines: PipelineOut[] }) {
  const t = useT();
  const core = useT();
  const toast = useToast();
  const { users, teams } = useSession();
  const [r, setR] = useState<RoutingSettings>({ ...defaultRouting, ...((channel.settings.routing as object) ?? {}) });
  const [tk, setTk] = useState<TicketingSettings>({ ...defaultTicketing, ...((channel.settings.ticketing as object) ?? {}) });
  const [error, setError] = useState<string | null>(null);
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const stageValue = tk.stageId ?? '';

  async function save() {
    setError(null);
    try {
      await api.patch(`/channels/${encodeURIComponent(channel.id)}`, { routing: r, ticketing: tk }, { quiet: [400] });
      toast(t('routing.saved'));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section className="box routing-channel" aria-label={`${t('routing.channel')}: ${channel.name}`}>
      <h3 style={{ marginTop: 0 }}>
        {channel.name} <span className="chip">{channel.kind}</span>{' '}
        {channel.address && <span className="muted small mono">{channel.address}</span>}
      </h3>
      <label className="field">
        {t('routing.mode')}
        <select value={r.mode} onChange={(e) => setR({ ...r, mode: e.target.value as RoutingSettings['mode'] })}>
          {routingModes.map((m) => (
            <option key={m} value={m}>
              {t(`routing.${m}`)}
            </option>
          ))}
        </select>
      </label>
      {r.mode !== 'unassigned' && (
        <>
          <div className="access-lists">
            <fieldset className="check-list">
              <legend className="small muted">{t('routing.teams')}</legend>
              {teams.map((x) => (
                <label key={x.id} className="check">
                  <input
                    type="checkbox"
                    checked={r.teamIds.includes(x.id)}
                    onChange={() => setR({ ...r, teamIds: toggle(r.teamIds, x.id) })}
                  />
                  {x.name}
                </label>
              ))}
            </fieldset>
            <fieldset className="check-list">
              <legend className="small muted">{t('routing.users')}</legend>
              {users.map((u) => (
                <label key={u.id} className="check">
                  <input
                    type="checkbox"
                    checked={r.userIds.includes(u.id)}
                    onChange={() => setR({ ...r, userIds: toggle(r.userIds, u.id) })}
                  />
                  {u.name}
                  {!u.paidSeat && <span className="muted small">({t('routing.noSeat')})</span>}
                  {u.availability === 'away' && <span className="muted small">({t('routing.away')})</span>}
                </label>
              ))}
            </fieldset>
          </div>
          <label className="check">
            <input type="checkbox" checked={r.availableOnly} onChange={(e) => setR({ ...r, availableOnly: e.target.checked })} />
            {t('routing.availableOnly')}
          </label>
          <label className="check">
            <input type="checkbox" checked={r.reassignWhenAway} onChange={(e) => setR({ ...r, reassignWhenAway: e.target.checked })} />
            {t('routing.reassign')}
          </label>
        </>
      )}
      <label className="check">
        <input type="checkbox" checked={tk.enabled} onChange={(e) => setTk({ ...tk, enabled: e.target.checked })} />
        {t('routing.tickets')}
      </label>
      {tk.enabled && (
        <label className="field">
          {t('routing.stage')}
          <select
            value={stageValue}
            onChange={(e) => {
              const p = pipelines.find((x) => x.stages.some((s) => s.id === e.target.value));
              setTk({ ...tk, stageId: e.target.value || null, pipelineId: p?.id ?? null });
            }}
          >
            <option value="">—</option>
            {pipelines.flatMap((p) =>
              p.stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {p.name} · {stageName(t, s)}
                </option>
              )),
            )}
          </select>
        </label>
      )}
      {tk.enabled && (
        <label className="field">
          {t('routing.ticketOwner')}
          <select value={tk.ownerId ?? ''} onChange={(e) => setTk({ ...tk, ownerId: e.target.value || null })}>
            <option value="">{t('routing.ticketOwnerConversation')}</option>
            <UserOptions />
          </select>
        </label>
      )}
      <FormError error={error} />
      <div className="form-actions">
        <button type="button" className="btn primary" onClick={() => void save()}>
          {core('common.save')}
        </button>
      </div>
    </section>
  );
}

/** Account-wide: users without the app open for this long count as away for routing. */
function AutoAway() {
  const t = useT();
  const core = useT();
  const toast = useToast();
  const [minutes, setMinutes] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api
      .get<{ autoAwayMinutes: number | null }>('/settings/availability')
      .then((s) => setMinutes(s.autoAwayMinutes ? String(s.autoAwayMinutes) : ''));
  }, []);
  if (minutes === null) return null;
  async function save() {
    setError(null);
    try {
      await api.patch('/settings/availability', { autoAwayMinutes: minutes ? Number(minutes) : null }, { quiet: [400] });
      toast(t('routing.autoAwaySaved'));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <div className="box routing-channel" style={{ marginBottom: '.7rem' }}>
      <label className="field">
        {t('routing.autoAway')}
        <input type="number" min={5} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} style={{ maxWidth: '8rem' }} />
      </label>
      <FormError error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void save()}>
          {core('common.save')}
        </button>
      </div>
    </div>
  );
}
