/** Tickets: a board by stage (drag a card to another column, or pick the stage on the card) and a list. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../common/api.js';
import type { PipelineOut, TicketOut } from '../../common/crm-api.js';
import { api } from '../api/http.js';
import { Field } from '../ui/Field.js';
import { Table } from '../ui/Table.js';
import { UserOptions } from '../ui/UserOptions.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';
import { useT, formatTime, useI18n } from '../i18n/index.js';
import { stageName } from '../i18n/timeline.js';
import { crmKeys, usePipelines, useTickets } from '../state/crm-queries.js';
import { formatRoute, linkHandler, navigate, type Route } from '../state/route.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';

type TicketsRoute = Extract<Route, { page: 'tickets' }>;

export function TicketsPage({ route }: { route: TicketsRoute }) {
  const t = useT();
  const { locale } = useI18n();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [newPipeline, setNewPipeline] = useState(false);
  const { isAdmin } = useSession();
  const [dragId, setDragId] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const pipelines = usePipelines().data?.items ?? [];
  const pipeline = pipelines.find((p) => p.id === route.pipelineId) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0];

  // Fetched again when a ticket changes (`contact.updated` with its ticketId: state/live-cache.ts).
  const qc = useQueryClient();
  const ticketsKey = crmKeys.ticketsOf(pipeline?.id ?? '');
  const tickets = useTickets(pipeline?.id ?? null).data?.items ?? null;
  const load = () => qc.invalidateQueries({ queryKey: crmKeys.tickets });
  const loadPipelines = () => void qc.invalidateQueries({ queryKey: crmKeys.pipelines });

  async function move(ticket: TicketOut, stageId: string) {
    if (ticket.stageId === stageId) return;
    const stage = pipeline?.stages.find((s) => s.id === stageId);
    // Optimistic: the card moves at once; a refusal puts it back.
    qc.setQueryData<Page<TicketOut>>(ticketsKey, (d) =>
      d
        ? {
            ...d,
            items: d.items.map((x) =>
              x.id === ticket.id ? { ...x, stageId, stageName: stage?.name ?? x.stageName, stageKey: stage ? stage.key : x.stageKey } : x,
            ),
          }
        : d,
    );
    try {
      await api.patch(`/tickets/${ticket.id}`, { stageId });
      toast(t('tickets.moved', { stage: stage ? stageName(t, stage) : '' }));
    } catch {
      void load();
    }
  }

  const go = (r: Partial<TicketsRoute>) => navigate({ ...route, ...r });
  return (
    <section className="crm-page" aria-labelledby="tickets-title">
      <header className="crm-head">
        <h1 id="tickets-title">{t('tickets.title')}</h1>
        <label className="check">
          {t('tickets.pipeline')}
          <select value={pipeline?.id ?? ''} onChange={(e) => go({ pipelineId: e.target.value })}>
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <div className="tabs" role="tablist" style={{ margin: 0 }}>
          <button
            type="button"
            role="tab"
            className={`btn small${route.view === 'board' ? ' primary' : ''}`}
            aria-selected={route.view === 'board'}
            onClick={() => go({ view: 'board' })}
          >
            {t('tickets.board')}
          </button>
          <button
            type="button"
            role="tab"
            className={`btn small${route.view === 'list' ? ' primary' : ''}`}
            aria-selected={route.view === 'list'}
            onClick={() => go({ view: 'list' })}
          >
            {t('tickets.list')}
          </button>
        </div>
        {isAdmin && (
          <button type="button" className="btn" onClick={() => setNewPipeline(true)}>
            {t('tickets.newPipeline')}
          </button>
        )}
        <button type="button" className="btn primary" onClick={() => setCreating(true)} disabled={!pipeline}>
          {t('tickets.create')}
        </button>
      </header>
      {!pipeline || tickets === null ? (
        <p className="muted" aria-busy="true">
          …
        </p>
      ) : route.view === 'board' ? (
        <div className="board" aria-label={t('tickets.board')}>
          {pipeline.stages.map((s) => {
            const inStage = tickets.filter((x) => x.stageId === s.id);
            return (
              <section
                key={s.id}
                className={`board-col${over === s.id ? ' drop' : ''}`}
                aria-label={stageName(t, s)}
                data-stage={s.name}
                onDragOver={(e) => {
                  e.preventDefault();
                  setOver(s.id);
                }}
                onDragLeave={() => setOver((o) => (o === s.id ? null : o))}
                onDrop={(e) => {
                  e.preventDefault();
                  setOver(null);
                  const id = e.dataTransfer.getData('text/plain') || dragId;
                  // The card remounts in its new column, so its own dragend may never fire.
                  setDragId(null);
                  const ticket = tickets.find((x) => x.id === id);
                  if (ticket) void move(ticket, s.id);
                }}
              >
                <h2>
                  <span>{stageName(t, s)}</span> <span className="count">{inStage.length}</span>
                </h2>
                {inStage.length === 0 && <p className="muted small">{t('tickets.empty')}</p>}
                {inStage.map((x) => (
                  <article
                    key={x.id}
                    className="box ticket-card"
                    data-ticket={x.id}
                    draggable={x.canEdit}
                    aria-grabbed={dragId === x.id}
                    onDragStart={(e) => {
                      e.dataTransfer.setData('text/plain', x.id);
                      e.dataTransfer.effectAllowed = 'move';
                      setDragId(x.id);
                    }}
                    onDragEnd={() => setDragId(null)}
                  >
                    <strong>{x.title}</strong>
                    <span className="muted small">
                      {x.contact ? x.contact.name || x.contact.email : '—'} · {x.owner?.name ?? t('contacts.noOwner')}
                    </span>
                    {x.conversationId && x.inboxId && <ConversationLink id={x.conversationId} inboxId={x.inboxId} />}
                    {x.canEdit && (
                      <select aria-label={t('tickets.moveTo')} value={x.stageId} onChange={(e) => void move(x, e.target.value)}>
                        {pipeline.stages.map((st) => (
                          <option key={st.id} value={st.id}>
                            {stageName(t, st)}
                          </option>
                        ))}
                      </select>
                    )}
                  </article>
                ))}
              </section>
            );
          })}
        </div>
      ) : tickets.length === 0 ? (
        <p className="muted">{t('tickets.none')}</p>
      ) : (
        <Table columns={[t('tickets.titleField'), t('tickets.stage'), t('tickets.contact'), t('tickets.owner'), t('tickets.updated')]}>
          {tickets.map((x) => (
            <tr key={x.id}>
              <td>
                {x.title} {x.conversationId && x.inboxId && <ConversationLink id={x.conversationId} inboxId={x.inboxId} />}
              </td>
              <td>{stageName(t, { name: x.stageName, key: x.stageKey })}</td>
              <td>
                {x.contact ? (
                  <a href={`/contacts/${x.contact.id}`} onClick={linkHandler(`/contacts/${x.contact.id}`)}>
                    {x.contact.name || x.contact.email}
                  </a>
                ) : (
                  '—'
                )}
              </td>
              <td>{x.owner?.name ?? '—'}</td>
              <td>{formatTime(x.updatedAt, locale)}</td>
            </tr>
          ))}
        </Table>
      )}
      {newPipeline && (
        <NewPipelineDialog
          onClose={() => setNewPipeline(false)}
          onCreated={(p) => {
            loadPipelines();
            go({ pipelineId: p.id });
          }}
        />
      )}
      {creating && pipeline && <NewTicketDialog pipeline={pipeline} onClose={() => setCreating(false)} onCreated={() => void load()} />}
    </section>
  );
}

function ConversationLink({ id, inboxId }: { id: string; inboxId: string }) {
  const t = useT();
  const href = formatRoute({ page: 'inbox', inboxId, view: 'all', convId: id, filters: {} });
  return (
    <a className="small" href={href} onClick={linkHandler(href)}>
      {t('tickets.openConversation')}
    </a>
  );
}

function NewTicketDialog({ pipeline, onClose, onCreated }: { pipeline: PipelineOut; onClose(): void; onCreated(): void }) {
  const t = useT();
  const toast = useToast();
  const [title, setTitle] = useState('');
  const [stageId, setStageId] = useState(pipeline.stages[0]?.id ?? '');
  const [ownerId, setOwnerId] = useState('');
  const { errors, busy, submit } = useFormSave(onClose);
  const save = submit(async () => {
    await api.post('/tickets', { title, pipelineId: pipeline.id, stageId, ownerId: ownerId || null }, { quiet: [400] });
    toast(t('tickets.created'));
    onCreated();
  });
  return (
    <FormDialog title={t('tickets.create')} onClose={onClose} onSubmit={save} busy={busy}>
      <Field label={t('tickets.titleField')} error={errors.title}>
        <input required value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t('tickets.stage')} error={errors.stageId}>
        <select value={stageId} onChange={(e) => setStageId(e.target.value)}>
          {pipeline.stages.map((s) => (
            <option key={s.id} value={s.id}>
              {stageName(t, s)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('tickets.owner')}>
        <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">{t('contacts.noOwner')}</option>
          <UserOptions />
        </select>
      </Field>
    </FormDialog>
  );
}

function NewPipelineDialog({ onClose, onCreated }: { onClose(): void; onCreated(p: PipelineOut): void }) {
  const t = useT();
  const toast = useToast();
  const [name, setName] = useState('');
  const [stages, setStages] = useState('New\nIn progress\nDone');
  // A clash (409) names no field: it is about the name.
  const { errors, busy, submit } = useFormSave(onClose, { fallbackField: 'name' });
  const save = submit(async () => {
    const p = await api.post<PipelineOut>(
      '/pipelines',
      {
        name,
        stages: stages
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
      },
      { quiet: [400, 409] },
    );
    toast(t('tickets.pipelineCreated'));
    onCreated(p);
  });
  return (
    <FormDialog title={t('tickets.newPipeline')} onClose={onClose} onSubmit={save} busy={busy}>
      <Field label={t('tickets.pipelineName')} error={errors.name}>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('tickets.stages')} error={Object.entries(errors).find(([k]) => k.startsWith('stages'))?.[1]}>
        <textarea rows={5} value={stages} onChange={(e) => setStages(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
