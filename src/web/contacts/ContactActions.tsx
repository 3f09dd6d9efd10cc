/** The actions on a contact: note, task, call, deal, ticket, merge. One dialog per action. */
import { useState } from 'react';
import type { ContactOut } from '../../common/api.js';
import { dealStages } from '../../common/crm-constants.js';
import { api } from '../api/http.js';
import { Field } from '../ui/Field.js';
import { FormDialog } from '../ui/FormDialog.js';
import { useFormSave } from '../ui/useFormSave.js';
import { UserOptions } from '../ui/UserOptions.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { useDebouncedValue } from '../state/hooks.js';
import { useContactSearch, usePipelines } from '../state/crm-queries.js';
import { useT, type MessageKey } from '../i18n/index.js';

export type ActionKind = 'note' | 'task' | 'call' | 'deal' | 'ticket' | 'merge' | 'email' | 'meeting';

export function ContactActionDialog({
  kind,
  contact,
  onClose,
  onDone,
}: {
  kind: ActionKind;
  contact: ContactOut;
  onClose(): void;
  onDone(): void;
}) {
  const t = useT();
  const toast = useToast();
  const { me, inboxes } = useSession();
  const memberInboxes = inboxes.filter((i) => i.member);
  const [v, setV] = useState<Record<string, string>>({
    stage: 'new',
    outcome: 'connected',
    assigneeId: me.id,
    inboxId: memberInboxes[0]?.id ?? '',
  });
  const { errors, busy, submit } = useFormSave(onClose);
  const set = (k: string) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const base = `/contacts/${encodeURIComponent(contact.id)}`;
  const who = contact.name || contact.email || '';

  const pipelines = usePipelines(kind === 'ticket').data?.items ?? [];
  const mergeQ = useDebouncedValue(v.q ?? '', 150);
  const search = useContactSearch(mergeQ, { limit: 20, minLength: 0, enabled: kind === 'merge' });
  const matches = (search.data?.items ?? []).filter((c) => c.id !== contact.id);

  const run = (fn: () => Promise<unknown>, done: MessageKey) =>
    submit(async () => {
      await fn();
      toast(t(done));
      onDone();
    });

  const inboxField = (
    <Field label={t('email.fromInbox')} error={errors.inboxId}>
      <select value={v.inboxId} onChange={set('inboxId')}>
        {memberInboxes.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </select>
    </Field>
  );
  if (kind === 'email')
    return (
      <FormDialog
        title={t('contact.sendEmail')}
        busy={busy}
        submitLabel={t('contact.sendEmail')}
        onClose={onClose}
        onSubmit={run(
          () => api.post(`${base}/emails`, { inboxId: v.inboxId, subject: v.subject ?? '', body: v.body ?? '' }, { quiet: [400] }),
          'email.sent',
        )}
      >
        {inboxField}
        <Field label={t('email.subject')} error={errors.subject}>
          <input required value={v.subject ?? ''} onChange={set('subject')} />
        </Field>
        <Field label={t('email.body')} error={errors.body}>
          <textarea rows={6} required value={v.body ?? ''} onChange={set('body')} />
        </Field>
      </FormDialog>
    );
  if (kind === 'meeting')
    return (
      <FormDialog
        title={t('contact.meetingLink')}
        busy={busy}
        submitLabel={t('contact.meetingLink')}
        onClose={onClose}
        onSubmit={run(
          () => api.post(`${base}/meeting-link`, { inboxId: v.inboxId, note: v.note || undefined }, { quiet: [400] }),
          'email.sent',
        )}
      >
        {inboxField}
        <Field label={t('email.note')} error={errors.meetingLink ?? errors.note}>
          <textarea rows={3} value={v.note ?? ''} onChange={set('note')} />
        </Field>
      </FormDialog>
    );
  if (kind === 'note')
    return (
      <FormDialog
        title={t('contact.addNote')}
        busy={busy}
        submitLabel={t('contact.addNote')}
        onClose={onClose}
        onSubmit={run(() => api.post(`${base}/notes`, { body: v.body ?? '' }, { quiet: [400] }), 'note.added')}
      >
        <Field label={t('note.body')} error={errors.body}>
          <textarea rows={4} required value={v.body ?? ''} onChange={set('body')} />
        </Field>
      </FormDialog>
    );
  if (kind === 'task')
    return (
      <FormDialog
        title={t('contact.createTask')}
        busy={busy}
        submitLabel={t('contact.createTask')}
        onClose={onClose}
        onSubmit={run(
          () =>
            api.post(
              `${base}/tasks`,
              { title: v.title ?? '', dueAt: v.due ? new Date(v.due).toISOString() : null, assigneeId: v.assigneeId || null },
              { quiet: [400] },
            ),
          'task.added',
        )}
      >
        <Field label={t('task.title')} error={errors.title}>
          <input required value={v.title ?? ''} onChange={set('title')} />
        </Field>
        <Field label={t('task.due')} error={errors.dueAt}>
          <input type="datetime-local" value={v.due ?? ''} onChange={set('due')} />
        </Field>
        <Field label={t('task.assignee')} error={errors.assigneeId}>
          <select value={v.assigneeId ?? ''} onChange={set('assigneeId')}>
            <UserOptions />
          </select>
        </Field>
      </FormDialog>
    );
  if (kind === 'call')
    return (
      <FormDialog
        title={t('contact.logCall')}
        busy={busy}
        submitLabel={t('contact.logCall')}
        onClose={onClose}
        onSubmit={run(
          () =>
            api.post(
              `${base}/calls`,
              { summary: v.summary ?? '', outcome: v.outcome, durationMinutes: v.minutes ? Number(v.minutes) : undefined },
              { quiet: [400] },
            ),
          'call.logged',
        )}
      >
        <Field label={t('call.summary')} error={errors.summary}>
          <textarea rows={3} required value={v.summary ?? ''} onChange={set('summary')} />
        </Field>
        <Field label={t('call.outcome')}>
          <select value={v.outcome} onChange={set('outcome')}>
            {(['connected', 'no_answer', 'voicemail', 'busy'] as const).map((o) => (
              <option key={o} value={o}>
                {t(`call.${o}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('call.minutes')} error={errors.durationMinutes}>
          <input type="number" min={0} max={1440} value={v.minutes ?? ''} onChange={set('minutes')} />
        </Field>
      </FormDialog>
    );
  if (kind === 'deal')
    return (
      <FormDialog
        title={t('contact.createDeal')}
        busy={busy}
        submitLabel={t('contact.createDeal')}
        onClose={onClose}
        onSubmit={run(
          () => api.post(`${base}/deals`, { name: v.name ?? '', amount: Number(v.amount || 0), stage: v.stage }, { quiet: [400] }),
          'deal.added',
        )}
      >
        <Field label={t('deal.name')} error={errors.name}>
          <input required value={v.name ?? ''} onChange={set('name')} />
        </Field>
        <Field label={t('deal.amount')} error={errors.amount}>
          <input type="number" min={0} step="0.01" value={v.amount ?? ''} onChange={set('amount')} />
        </Field>
        <Field label={t('deal.stage')}>
          <select value={v.stage} onChange={set('stage')}>
            {dealStages.map((s) => (
              <option key={s} value={s}>
                {t(`deal.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </FormDialog>
    );
  if (kind === 'ticket')
    return (
      <FormDialog
        title={t('contact.createTicket')}
        busy={busy}
        submitLabel={t('contact.createTicket')}
        onClose={onClose}
        onSubmit={run(
          () =>
            api.post(
              '/tickets',
              { title: v.title ?? '', contactId: contact.id, pipelineId: v.pipelineId || undefined, ownerId: v.assigneeId || null },
              { quiet: [400] },
            ),
          'tickets.created',
        )}
      >
        <Field label={t('tickets.titleField')} error={errors.title}>
          <input required value={v.title ?? ''} onChange={set('title')} />
        </Field>
        <Field label={t('tickets.pipeline')} error={errors.pipelineId}>
          <select value={v.pipelineId ?? ''} onChange={set('pipelineId')}>
            {pipelines.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('tickets.owner')}>
          <select value={v.assigneeId ?? ''} onChange={set('assigneeId')}>
            <option value="">{t('contacts.noOwner')}</option>
            <UserOptions />
          </select>
        </Field>
      </FormDialog>
    );
  return (
    <FormDialog
      title={t('merge.title', { name: who })}
      busy={busy}
      submitLabel={t('merge.confirm')}
      onClose={onClose}
      onSubmit={run(() => api.post(`${base}/merge`, { otherId: v.otherId ?? '' }, { quiet: [400] }), 'merge.done')}
    >
      <p className="muted small">{t('merge.text')}</p>
      <Field label={t('merge.search')}>
        <input type="search" value={v.q ?? ''} onChange={set('q')} />
      </Field>
      <div className="check-list" role="radiogroup" aria-label={t('merge.search')}>
        {matches.map((c) => (
          <label key={c.id} className="check">
            <input type="radio" name="otherId" value={c.id} checked={v.otherId === c.id} onChange={set('otherId')} />
            {c.name || '—'} {c.email && <span className="muted">&lt;{c.email}&gt;</span>}
          </label>
        ))}
      </div>
      {errors.otherId && <p className="field-error">{errors.otherId}</p>}
    </FormDialog>
  );
}
