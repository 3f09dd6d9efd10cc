/** The Templates menu of the email editor: a template filled in for the contact and you, inserted at the caret. */
import { useState } from 'react';
import type { RenderedTemplate, TemplateOut } from '../../common/api.js';
import { api } from '../api/http.js';
import { fetchAll } from '../state/session.js';
import { useT } from '../i18n/index.js';
import { Menu, MenuButton, MenuItem, MenuList } from '../ui/Menu.js';

let cache: Promise<TemplateOut[]> | null = null;
export const invalidateTemplates = () => void (cache = null);

export function TemplateMenu({
  inboxId,
  contactId,
  disabled,
  onInsert,
}: {
  inboxId: string;
  contactId: string | null;
  disabled?: boolean;
  onInsert(t: RenderedTemplate): void;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<TemplateOut[] | null>(null);

  function toggle(next: boolean) {
    setOpen(next);
    if (!next) return;
    cache ??= fetchAll<TemplateOut>('/templates');
    cache.then((all) => setList(all.filter((x) => !x.inboxId || x.inboxId === inboxId))).catch(() => (cache = null));
  }
  async function choose(x: TemplateOut) {
    setOpen(false);
    try {
      onInsert(await api.get<RenderedTemplate>(`/templates/${encodeURIComponent(x.id)}/render`, { contactId }));
    } catch {
      /* toasted */
    }
  }

  return (
    <div className="menu-wrap">
      <Menu open={open} onOpenChange={toggle}>
        {/* A mouse press keeps the caret in the editor; the template goes in where it was. */}
        <MenuButton className="btn small" disabled={disabled} onMouseDown={(e) => e.preventDefault()}>
          {t('editor.templates')} ▾
        </MenuButton>
        <MenuList label={t('editor.templates')} className="template-menu">
          {list === null ? null : list.length === 0 ? (
            <p className="muted small" style={{ padding: '.4rem .55rem', margin: 0 }}>
              {t('editor.templatesEmpty')}
            </p>
          ) : (
            list.map((x) => (
              <MenuItem key={x.id} onMouseDown={(e) => e.preventDefault()} onSelect={() => void choose(x)}>
                <span>{x.name}</span>
                {x.subject && <span className="muted small"> · {x.subject}</span>}
              </MenuItem>
            ))
          )}
        </MenuList>
      </Menu>
    </div>
  );
}
