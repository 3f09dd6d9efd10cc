/**
 * Try it: the draft flow run in the browser (preview.ts), drawn like the chat widget: the bot's and the
 * visitor's bubbles, a question's buttons, a box for a typed answer; what the browser cannot know
 * (availability, hours, a webhook's answer) the person trying picks. Nothing is saved or sent.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChatflowDefinition } from '../../../common/chatflow.js';
import { useT } from '../../i18n/index.js';
import { answerPreview, choosePreview, startPreview, WEBHOOK_NONE, type PreviewLine, type PreviewWait } from './preview.js';

export function TryIt({ def, stepName, onClose }: { def: ChatflowDefinition; stepName(id: string): string; onClose(): void }) {
  const t = useT();
  const [state, setState] = useState(() => startPreview(def));
  const [typed, setTyped] = useState('');
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [state]);
  const note = (l: Extract<PreviewLine, { from: 'note' }>) =>
    l.note === 'missing' ? t('chatflows.try.missing', { id: l.detail ?? '' }) : t(`chatflows.try.${l.note}`, { detail: l.detail ?? '' });
  const choiceLabel = (w: Extract<PreviewWait, { kind: 'choice' }>, o: string) =>
    w.about === 'webhook'
      ? o === WEBHOOK_NONE
        ? t('chatflows.try.noBranch')
        : t('chatflows.try.branch', { name: o })
      : t(`chatflows.value.${o as 'available' | 'away' | 'open' | 'closed'}`);
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!typed.trim()) return;
    setState((s) => answerPreview(def, s, typed));
    setTyped('');
  };
  const w = state.wait;
  return (
    <section className="chatflow-try" aria-labelledby="chatflow-try-title">
      <header className="chatflow-try-head">
        <h3 id="chatflow-try-title">{t('chatflows.tryTitle', { bot: def.botName || 'Bot' })}</h3>
        <button type="button" className="btn small" onClick={() => setState(startPreview(def))}>
          {t('chatflows.try.restart')}
        </button>
        <button type="button" className="btn small" onClick={onClose}>
          {t('common.close')}
        </button>
      </header>
      <div className="chatflow-try-list" role="log" aria-label={t('chatflows.try.log')}>
        <ol>
          {state.lines.map((l, i) =>
            l.from === 'note' ? (
              <li key={i} className="try-note">
                {note(l)}
              </li>
            ) : (
              <li key={i} className={`try-msg ${l.from}`}>
                {l.from === 'bot' && <span className="try-author">{def.botName || 'Bot'}</span>}
                {l.text}
              </li>
            ),
          )}
          {w.kind === 'answer' && w.buttons.length > 0 && (
            <li className="try-choices">
              {w.buttons.map((b, i) => (
                <button key={i} type="button" className="try-choice" onClick={() => setState((s) => answerPreview(def, s, b))}>
                  {b}
                </button>
              ))}
            </li>
          )}
          <li ref={end} aria-hidden="true" />
        </ol>
      </div>
      {w.kind === 'choice' && (
        <fieldset className="chatflow-try-pick">
          <legend>{t(`chatflows.try.pick.${w.about}`, { step: stepName(w.stepId) })}</legend>
          {w.options.map((o) => (
            <button key={o} type="button" className="btn small" onClick={() => setState((s) => choosePreview(def, s, o))}>
              {choiceLabel(w, o)}
            </button>
          ))}
        </fieldset>
      )}
      {w.kind === 'answer' && (
        <form className="chatflow-try-compose" onSubmit={send}>
          <input
            aria-label={t('chatflows.try.answer')}
            placeholder={w.input === 'button' ? t('chatflows.try.orType') : t(`chatflows.input.${w.input}`)}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit" className="btn primary small">
            {t('chatflows.try.send')}
          </button>
        </form>
      )}
      {w.kind === 'done' && <p className="small muted">{t('chatflows.try.over')}</p>}
    </section>
  );
}
