/**
 * The widget as visitors will see it, at a desktop and a mobile width, following the wizard's draft;
 * with `away`, as when nobody is available: the email-capture message with its email field.
 */
import type { Draft } from './draft.js';
import { chatDefaultTexts } from '../../../common/chat-texts.js';
import { useT } from '../../i18n/index.js';

export function ChatPreview({ d, away }: { d: Draft; away: boolean }) {
  const t = useT();
  // An empty message: the widget says its default in the visitor's language (shown here in English).
  const awayText = d.awayMessage.trim() || chatDefaultTexts.en.away;
  const frame = (w: number, h: number, label: string) => (
    <figure style={{ margin: 0 }}>
      <div className="chat-frame" style={{ width: w, height: h }} aria-hidden="true">
        <div className="p">
          <div className="h" style={{ background: d.color }}>
            {d.name}
          </div>
          <div className="b">{d.welcome && <span className="m">{d.welcome}</span>}</div>
          {away && (
            <div className="a">
              <p>{awayText}</p>
              <div className="e">
                <span>you@example.com</span>
                <span className="s" style={{ background: d.color }}>
                  {t('chat.preview.save')}
                </span>
              </div>
            </div>
          )}
          <div className="i">{t('chat.preview.placeholder')}</div>
        </div>
      </div>
      <figcaption className="muted" style={{ fontSize: '.75rem' }}>
        {label}
      </figcaption>
    </figure>
  );
  return (
    <div className="chat-preview" role="img" aria-label={away ? t('chat.preview.awayLabel', { text: awayText }) : t('chat.preview')}>
      {frame(170, 240, t('chat.preview.desktop'))}
      {frame(110, 220, t('chat.preview.mobile'))}
    </div>
  );
}
