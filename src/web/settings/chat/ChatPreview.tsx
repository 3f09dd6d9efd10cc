/** The widget as visitors will see it, at a desktop and a mobile width, following the wizard's draft. */
import type { Draft } from './draft.js';
import { useT } from '../../i18n/index.js';

export function ChatPreview({ d }: { d: Draft }) {
  const t = useT();
  const frame = (w: number, h: number, label: string) => (
    <figure style={{ margin: 0 }}>
      <div className="chat-frame" style={{ width: w, height: h }} aria-hidden="true">
        <div className="p">
          <div className="h" style={{ background: d.color }}>
            {d.name}
          </div>
          <div className="b">{d.welcome && <span className="m">{d.welcome}</span>}</div>
          <div className="i">{t('chat.preview.placeholder')}</div>
        </div>
      </div>
      <figcaption className="muted" style={{ fontSize: '.75rem' }}>
        {label}
      </figcaption>
    </figure>
  );
  return (
    <div className="chat-preview" aria-label={t('chat.preview')}>
      {frame(170, 220, t('chat.preview.desktop'))}
      {frame(100, 200, t('chat.preview.mobile'))}
    </div>
  );
}
