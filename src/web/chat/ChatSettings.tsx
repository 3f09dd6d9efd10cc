/**
 * Website chat channels (admins): each with its tracking code and a copy button, and the set-up
 * wizard: name, audience, page targeting, welcome and open-by-default, away message, allowed
 * sites, review and publish, with a live preview at desktop and mobile widths.
 * (English only for now: these strings are not in the i18n catalogues yet.)
 */
import { useCallback, useEffect, useState } from 'react';
import type { ChannelOut } from '../../common/api.js';
import { api, fieldErrors } from '../api/http.js';
import { Modal } from '../components/Modal.js';
import { fetchAll, useSession } from '../state/session.js';
import { useToast } from '../state/toasts.js';

type Chat = ChannelOut & { installSnippet: string };
type Rule = { op: 'is' | 'is_not' | 'contains' | 'starts_with'; value: string };
interface Draft {
  inboxId: string;
  name: string;
  audience: 'everyone' | 'anonymous' | 'known';
  targeting: Rule[];
  welcome: string;
  openByDefault: boolean;
  awayMessage: string;
  color: string;
  allowedOrigins: string;
  routing: 'unassigned' | 'specific';
  userIds: string[];
  teamIds: string[];
}

const css = `
.chat-settings{margin-top:2rem}
.chat-snippet{display:flex;gap:.5rem;align-items:flex-start}
.chat-snippet code{flex:1;font-size:.8rem;background:#f4f5f7;border:1px solid #e1e4ea;border-radius:6px;padding:.4rem .5rem;word-break:break-all}
.chat-wizard{display:grid;grid-template-columns:1fr 1fr;gap:1.2rem}
.chat-steps{display:flex;gap:.3rem;flex-wrap:wrap;list-style:none;padding:0;margin:0 0 .8rem;font-size:.8rem}
.chat-steps li{padding:.15rem .5rem;border-radius:99px;background:#eef0f4}
.chat-steps li[aria-current=step]{background:#2f6fed;color:#fff}
.chat-form{display:grid;gap:.7rem;align-content:start}
.chat-rule{display:flex;gap:.3rem}
.chat-rule input{flex:1}
.chat-preview{display:flex;gap:.8rem;align-items:flex-end}
.chat-frame{border:1px solid #d5d9e0;border-radius:8px;background:#fdfdfd;position:relative;overflow:hidden;font-size:11px}
.chat-frame .p{position:absolute;right:6px;bottom:6px;top:6px;left:6px;display:flex;flex-direction:column;border-radius:8px;box-shadow:0 2px 10px rgba(0,0,0,.2);background:#fff;overflow:hidden}
.chat-frame .h{color:#fff;padding:6px 8px;font-weight:600}
.chat-frame .b{flex:1;padding:6px;background:#f6f7f9}
.chat-frame .m{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:4px 6px;display:inline-block}
.chat-frame .i{border-top:1px solid #e3e5e8;padding:6px;color:#888}
`;

const blank = (inboxId: string): Draft => ({
  inboxId,
  name: 'Website chat',
  audience: 'everyone',
  targeting: [],
  welcome: 'Hi! How can we help?',
  openByDefault: false,
  awayMessage: 'No one is available right now. Leave your email and we will answer there.',
  color: '#2f6fed',
  allowedOrigins: '',
  routing: 'unassigned',
  userIds: [],
  teamIds: [],
});
const steps = ['Name', 'Audience', 'Pages', 'Welcome', 'Away', 'Routing', 'Sites', 'Review'] as const;

export function ChatSettings() {
  const { inboxes, isAdmin } = useSession();
  const [chats, setChats] = useState<Chat[] | null>(null);
  const [wizard, setWizard] = useState(false);
  const toast = useToast();
  const load = useCallback(async () => {
    const all = await Promise.all(inboxes.map((i) => fetchAll<ChannelOut>(`/inboxes/${encodeURIComponent(i.id)}/channels`)));
    const chat = all.flat().filter((c) => c.kind === 'chat');
    setChats(await Promise.all(chat.map((c) => api.get<Chat>(`/channels/${encodeURIComponent(c.id)}`))));
  }, [inboxes]);
  useEffect(() => void load(), [load]);
  if (!chats) return null;
  return (
    <section aria-labelledby="chat-title" className="chat-settings">
      <style>{css}</style>
      <header className="settings-head">
        <h2 id="chat-title">Website chat</h2>
        {isAdmin && (
          <button type="button" className="btn primary" onClick={() => setWizard(true)}>
            New chat channel
          </button>
        )}
      </header>
      {chats.length === 0 ? (
        <p className="muted">No chat channel yet. Create one to put a chat on your website with one script tag.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Inbox</th>
              <th scope="col">Tracking code</th>
            </tr>
          </thead>
          <tbody>
            {chats.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{inboxes.find((i) => i.id === c.inboxId)?.name}</td>
                <td>
                  <div className="chat-snippet">
                    <code aria-label={`Tracking code of ${c.name}`}>{c.installSnippet}</code>
                    <button
                      type="button"
                      className="btn small"
                      onClick={async () => {
                        try {
                          await navigator.clipboard.writeText(c.installSnippet);
                          toast('Tracking code copied');
                        } catch {
                          toast('Select the code and copy it');
                        }
                      }}
                    >
                      Copy
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {wizard && (
        <ChatWizard
          onClose={() => setWizard(false)}
          onCreated={(c) => {
            setWizard(false);
            setChats((cs) => [...(cs ?? []), c]);
            toast('Chat channel published');
          }}
        />
      )}
    </section>
  );
}

function ChatWizard({ onClose, onCreated }: { onClose(): void; onCreated(c: Chat): void }) {
  const { inboxes, users, teams } = useSession();
  const [d, setD] = useState<Draft>(() => blank(inboxes[0]?.id ?? ''));
  const [step, setStep] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const set = (p: Partial<Draft>) => setD((x) => ({ ...x, ...p }));
  const publish = async () => {
    try {
      const origins = d.allowedOrigins.split(/[\s,]+/).filter(Boolean);
      const c = await api.post<Chat>(`/inboxes/${encodeURIComponent(d.inboxId)}/channels`, {
        kind: 'chat',
        name: d.name,
        settings: { audience: d.audience, targeting: d.targeting.filter((r) => r.value.trim()), welcome: d.welcome, openByDefault: d.openByDefault, awayMessage: d.awayMessage, color: d.color, allowedOrigins: origins },
      });
      if (d.routing === 'specific') {
        const routing = { mode: 'specific', userIds: d.userIds, teamIds: d.teamIds, availableOnly: true, reassignWhenAway: false };
        onCreated(await api.patch<Chat>(`/channels/${encodeURIComponent(c.id)}`, { routing }));
      } else onCreated(c);
    } catch (e) {
      const f = fieldErrors(e);
      setError(Object.entries(f).map(([k, v]) => `${k}: ${v}`).join('; ') || String((e as Error).message));
    }
  };
  const id = (s: string) => `chat-wiz-${s}`;
  return (
    <Modal title="New chat channel" onClose={onClose} wide>
      <ol className="chat-steps" aria-label="Steps">
        {steps.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      <div className="chat-wizard">
        <div className="chat-form">
          {step === 0 && (
            <>
              <div className="field">
                <label htmlFor={id('name')}>Channel name</label>
                <input id={id('name')} value={d.name} onChange={(e) => set({ name: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={id('inbox')}>Inbox</label>
                <select id={id('inbox')} value={d.inboxId} onChange={(e) => set({ inboxId: e.target.value })}>
                  {inboxes.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={id('color')}>Colour</label>
                <input id={id('color')} type="color" value={d.color} onChange={(e) => set({ color: e.target.value })} />
              </div>
            </>
          )}
          {step === 1 && (
            <fieldset>
              <legend>Who sees the chat</legend>
              {(
                [
                  ['everyone', 'Everyone'],
                  ['anonymous', 'Anonymous visitors only'],
                  ['known', 'Known contacts only (identified by your site)'],
                ] as const
              ).map(([v, label]) => (
                <label className="inline" key={v}>
                  <input type="radio" name="audience" checked={d.audience === v} onChange={() => set({ audience: v })} /> {label}
                </label>
              ))}
            </fieldset>
          )}
          {step === 2 && (
            <fieldset>
              <legend>Show on pages whose URL… (any rule; none: every page)</legend>
              {d.targeting.map((r, i) => (
                <div className="chat-rule" key={i}>
                  <select aria-label={`Rule ${i + 1} condition`} value={r.op} onChange={(e) => set({ targeting: d.targeting.map((x, j) => (j === i ? { ...x, op: e.target.value as Rule['op'] } : x)) })}>
                    <option value="is">is</option>
                    <option value="is_not">is not</option>
                    <option value="contains">contains</option>
                    <option value="starts_with">starts with</option>
                  </select>
                  <input aria-label={`Rule ${i + 1} value`} value={r.value} onChange={(e) => set({ targeting: d.targeting.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })} />
                  <button type="button" className="btn small" aria-label={`Remove rule ${i + 1}`} onClick={() => set({ targeting: d.targeting.filter((_, j) => j !== i) })}>
                    ×
                  </button>
                </div>
              ))}
              <button type="button" className="btn small" onClick={() => set({ targeting: [...d.targeting, { op: 'contains', value: '' }] })}>
                Add rule
              </button>
            </fieldset>
          )}
          {step === 3 && (
            <>
              <div className="field">
                <label htmlFor={id('welcome')}>Welcome message</label>
                <textarea id={id('welcome')} value={d.welcome} maxLength={500} onChange={(e) => set({ welcome: e.target.value })} />
              </div>
              <label className="inline">
                <input type="checkbox" checked={d.openByDefault} onChange={(e) => set({ openByDefault: e.target.checked })} /> Open the chat on a visitor's first page view
              </label>
            </>
          )}
          {step === 4 && (
            <div className="field">
              <label htmlFor={id('away')}>When no one answers, ask for an email with</label>
              <textarea id={id('away')} value={d.awayMessage} maxLength={500} onChange={(e) => set({ awayMessage: e.target.value })} />
            </div>
          )}
          {step === 5 && (
            <fieldset>
              <legend>New chats go to</legend>
              <label className="inline">
                <input type="radio" name="routing" checked={d.routing === 'unassigned'} onChange={() => set({ routing: 'unassigned' })} /> Leave unassigned
              </label>
              <label className="inline">
                <input type="radio" name="routing" checked={d.routing === 'specific'} onChange={() => set({ routing: 'specific' })} /> Specific users and teams (round robin)
              </label>
              {d.routing === 'specific' && (
                <div style={{ maxHeight: 160, overflow: 'auto', paddingLeft: '1.2rem' }}>
                  {teams.map((x) => (
                    <label className="inline" key={x.id}>
                      <input type="checkbox" checked={d.teamIds.includes(x.id)} onChange={(e) => set({ teamIds: e.target.checked ? [...d.teamIds, x.id] : d.teamIds.filter((y) => y !== x.id) })} /> Team {x.name}
                    </label>
                  ))}
                  {users.map((x) => (
                    <label className="inline" key={x.id}>
                      <input type="checkbox" checked={d.userIds.includes(x.id)} onChange={(e) => set({ userIds: e.target.checked ? [...d.userIds, x.id] : d.userIds.filter((y) => y !== x.id) })} /> {x.name}
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
          )}
          {step === 6 && (
            <div className="field">
              <label htmlFor={id('origins')}>Sites allowed to embed the chat (one per line, e.g. https://www.example.com; empty: any)</label>
              <textarea id={id('origins')} value={d.allowedOrigins} onChange={(e) => set({ allowedOrigins: e.target.value })} />
            </div>
          )}
          {step === 7 && (
            <dl>
              <dt>Name</dt>
              <dd>{d.name}</dd>
              <dt>Inbox</dt>
              <dd>{inboxes.find((i) => i.id === d.inboxId)?.name}</dd>
              <dt>Audience</dt>
              <dd>{d.audience}</dd>
              <dt>Pages</dt>
              <dd>{d.targeting.length ? d.targeting.map((r) => `${r.op.replace('_', ' ')} “${r.value}”`).join(' or ') : 'every page'}</dd>
              <dt>Routing</dt>
              <dd>{d.routing === 'unassigned' ? 'leave unassigned' : [...teams.filter((x) => d.teamIds.includes(x.id)).map((x) => `Team ${x.name}`), ...users.filter((x) => d.userIds.includes(x.id)).map((x) => x.name)].join(', ') || 'nobody chosen'}</dd>
              <dt>Sites</dt>
              <dd>{d.allowedOrigins.trim() || 'any'}</dd>
            </dl>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <Preview d={d} />
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={step === 0 ? onClose : () => setStep(step - 1)}>
          {step === 0 ? 'Cancel' : 'Back'}
        </button>
        {step < steps.length - 1 ? (
          <button type="button" className="btn primary" disabled={!d.name.trim() || !d.inboxId} onClick={() => setStep(step + 1)}>
            Next
          </button>
        ) : (
          <button type="button" className="btn primary" onClick={() => void publish()}>
            Publish
          </button>
        )}
      </div>
    </Modal>
  );
}

/** The widget as visitors will see it, at a desktop and a mobile width. */
function Preview({ d }: { d: Draft }) {
  const frame = (w: number, h: number, label: string) => (
    <figure style={{ margin: 0 }}>
      <div className="chat-frame" style={{ width: w, height: h }} aria-hidden="true">
        <div className="p">
          <div className="h" style={{ background: d.color }}>
            {d.name}
          </div>
          <div className="b">{d.welcome && <span className="m">{d.welcome}</span>}</div>
          <div className="i">Write a message…</div>
        </div>
      </div>
      <figcaption className="muted" style={{ fontSize: '.75rem' }}>
        {label}
      </figcaption>
    </figure>
  );
  return (
    <div className="chat-preview" aria-label="Preview">
      {frame(170, 220, 'Desktop')}
      {frame(100, 200, 'Mobile')}
    </div>
  );
}
