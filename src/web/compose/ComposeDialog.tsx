/** Compose (F-CONV.6): a new email from an inbox to a contact picked or typed; the new conversation opens after sending. */
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ComposedOut, SnippetOut } from '../../common/api.js';
import { ApiError, api, fieldErrors } from '../api/http.js';
import { Field } from '../ui/Field.js';
import { Modal } from '../ui/Modal.js';
import { useDebouncedValue } from '../state/hooks.js';
import { useContactSearch } from '../state/crm-queries.js';
import { navigate } from '../state/route.js';
import { useSnippets } from '../state/queries.js';
import { useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';
import { AttachmentList } from '../editor/AttachmentList.js';
import { ClipIcon } from '../editor/icons.js';
import { parseAddresses } from './recipients.js';
import { RichEditor, type RichEditorHandle } from '../editor/RichEditor.js';
import { TemplateMenu } from '../editor/TemplateMenu.js';
import { useAttachments } from '../editor/uploads.js';
import { useT } from '../i18n/index.js';

const noSnippets: SnippetOut[] = [];

export function ComposeDialog({ inboxId, onClose }: { inboxId: string; onClose(): void }) {
  const t = useT();
  const toast = useToast();
  const { inboxes } = useSession();
  const mine = inboxes.filter((i) => i.member);
  const [from, setFrom] = useState(mine.some((i) => i.id === inboxId) ? inboxId : (mine[0]?.id ?? ''));
  const [to, setTo] = useState('');
  const [cc, setCc] = useState('');
  const [subject, setSubject] = useState('');
  const snippets = useSnippets(from).data ?? noSnippets;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const editor = useRef<RichEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const files = useAttachments();
  const listId = useId();
  const bodyErr = useId();

  // The contacts matching what is typed in To (two characters at least), asked once typing pauses.
  const typed = useDebouncedValue(to.trim(), 200);
  const lookup = useContactSearch(typed, { limit: 8, minLength: 2 });
  const matches = typed.length >= 2 ? (lookup.data?.items ?? []).filter((c) => c.email) : [];
  const picked = matches.find((c) => c.email === to.trim().toLowerCase()) ?? null;

  async function send(e?: FormEvent) {
    e?.preventDefault();
    if (busy) return;
    const ccList = parseAddresses(cc);
    if (ccList.bad) return setErrors({ cc: t('compose.badCc', { value: ccList.bad }) });
    // To takes one address, in any form a mail client writes (`Ana Smith <ana@example.org>`).
    const toList = parseAddresses(to);
    if (toList.bad || toList.list.length > 1) return setErrors({ to: t('compose.oneTo') });
    setBusy(true);
    setErrors({});
    const typedTo = toList.list[0];
    const email = typedTo?.email ?? to.trim();
    try {
      const conv = await api.post<ComposedOut>(
        '/conversations',
        {
          inboxId: from,
          to: typedTo?.name ? typedTo : picked?.name ? { email, name: picked.name } : { email },
          cc: ccList.list,
          subject,
          html: editor.current?.html() ?? '',
          attachmentIds: files.files.map((f) => f.id),
        },
        { quiet: [400] },
      );
      toast(
        conv.deliveryHeld === 'sending_off'
          ? t('compose.savedHeldOff')
          : conv.deliveryHeld
            ? t('compose.savedHeld')
            : t('compose.sent', { to: email }),
      );
      onClose();
      navigate({ page: 'inbox', inboxId: conv.inboxId, view: 'all', convId: conv.id, filters: {} });
    } catch (err) {
      const f = fieldErrors(err);
      const pick = (prefix: string) => Object.entries(f).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
      const next: Record<string, string> = {};
      for (const k of ['to', 'cc', 'subject', 'inboxId'] as const) {
        const v = pick(k);
        if (v) next[k] = v;
      }
      const body = pick('html') ?? pick('body');
      if (body) next.html = body;
      if (!Object.keys(next).length && err instanceof ApiError && err.status !== 400) next.html = err.message;
      setErrors(next);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={t('compose.title')} onClose={onClose} wide>
      {mine.length === 0 ? (
        <p className="muted">{t('compose.noInbox')}</p>
      ) : (
        <form
          className="form compose-dialog"
          onSubmit={(e) => void send(e)}
          // Enter in a one-line field does not send a half-written email; Ctrl+Enter or the button does.
          onKeyDown={(e) => e.key === 'Enter' && !(e.ctrlKey || e.metaKey) && e.target instanceof HTMLInputElement && e.preventDefault()}
          noValidate
        >
          <Field label={t('compose.from')} error={errors.inboxId}>
            <select value={from} onChange={(e) => setFrom(e.target.value)}>
              {mine.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name} ({i.fallbackAddress})
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('compose.to')} error={errors.to} hint={picked?.name ? `${picked.name} <${picked.email}>` : t('compose.toHint')}>
            <input
              type="text"
              inputMode="email"
              list={listId}
              autoComplete="off"
              value={to}
              onChange={(e) => {
                setTo(e.target.value);
                setErrors((x) => ({ ...x, to: '' }));
              }}
            />
          </Field>
          <datalist id={listId}>
            {matches.map((c) => (
              <option key={c.id} value={c.email!}>
                {c.name ?? c.email}
              </option>
            ))}
          </datalist>
          <Field label={t('reply.cc')} error={errors.cc} hint={t('reply.ccHint')}>
            <input value={cc} autoComplete="off" onChange={(e) => (setCc(e.target.value), setErrors((x) => ({ ...x, cc: '' })))} />
          </Field>
          <Field label={t('compose.subject')} error={errors.subject}>
            <input value={subject} onChange={(e) => (setSubject(e.target.value), setErrors((x) => ({ ...x, subject: '' })))} />
          </Field>
          <RichEditor
            ref={editor}
            label={t('compose.body')}
            placeholder={t('compose.placeholder')}
            snippets={snippets}
            invalid={!!errors.html}
            describedBy={errors.html ? bodyErr : undefined}
            onSubmit={() => void send()}
            onDropFiles={(f) => void files.add(f)}
            onImageError={files.fail}
            extra={
              <>
                <button
                  type="button"
                  className="tool"
                  title={t('editor.attach')}
                  aria-label={t('editor.attach')}
                  onClick={() => fileInput.current?.click()}
                >
                  <ClipIcon />
                </button>
                <input
                  ref={fileInput}
                  type="file"
                  multiple
                  hidden
                  aria-label={t('editor.attach')}
                  onChange={(e) => void files.add(e.target.files ?? []).then(() => (e.target.value = ''))}
                />
                <TemplateMenu
                  inboxId={from}
                  contactId={picked?.id ?? null}
                  onInsert={(r) => {
                    if (r.subject && !subject.trim()) setSubject(r.subject);
                    editor.current?.insertHtml(r.html);
                  }}
                />
              </>
            }
          />
          <AttachmentList a={files} />
          {errors.html && (
            <p className="field-error" id={bodyErr} role="alert">
              {errors.html}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('compose.cancel')}
            </button>
            <button type="submit" className="btn primary" disabled={busy || files.pending.length > 0}>
              {t('compose.send')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
