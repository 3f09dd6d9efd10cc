/** The popup of @mention or #snippet choices under the editor. */
import { useT } from '../i18n/index.js';
import { Avatar } from './Avatar.js';
import type { Option } from './completion.js';

export function CompletionList(props: { id: string; options: Option[]; active: number; onChoose(o: Option): void }) {
  const t = useT();
  const first = props.options[0];
  return (
    <ul
      className="completion"
      role="listbox"
      id={props.id}
      aria-label={first?.kind === 'user' ? t('composer.mentions') : t('composer.snippets')}
    >
      {props.options.map((o, i) => (
        <li
          key={o.kind === 'user' ? o.user.id : o.snippet.id}
          id={`${props.id}-${i}`}
          role="option"
          aria-selected={i === props.active}
          className={i === props.active ? 'active' : ''}
          onMouseDown={(e) => {
            e.preventDefault();
            props.onChoose(o);
          }}
        >
          {o.kind === 'user' ? (
            <>
              <Avatar name={o.user.name} url={o.user.avatarUrl} />
              <span>{o.user.name}</span>
              <span className="muted small">{o.user.email}</span>
            </>
          ) : (
            <>
              <strong>#{o.snippet.name}</strong>
              <span className="muted small snippet-preview">{o.snippet.body.slice(0, 80)}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
