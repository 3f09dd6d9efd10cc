/** The cards of a settings list (useEditableList): loading, empty, each item with Edit and Delete, and the question before deleting. */
import type { ReactNode } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';
import { EmptyState } from '../ui/EmptyState.js';
import { useT } from '../i18n/index.js';
import type { EditableList } from './useEditableList.js';

/** The list's own words; the names of the buttons and the question carry the item's name. */
export interface EditableCardsText {
  empty: string;
  emptyText: string;
  editNamed(name: string): string;
  deleteNamed(name: string): string;
  deleteTitle(name: string): string;
  deleteText: string;
}

export function EditableCards<T extends { id: string; name: string }>(props: {
  list: EditableList<T>;
  canEdit: boolean;
  text: EditableCardsText;
  children(item: T): ReactNode;
}) {
  const t = useT();
  const { items, setEditing, deleting, setDeleting, remove } = props.list;
  const text = props.text;
  return (
    <>
      {items === null ? (
        <p className="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : items.length === 0 ? (
        <EmptyState title={text.empty} text={text.emptyText} />
      ) : (
        <ul className="cards">
          {items.map((x) => (
            <li key={x.id} className="card">
              <div>{props.children(x)}</div>
              {props.canEdit && (
                <div className="row-actions">
                  <button type="button" className="btn small" aria-label={text.editNamed(x.name)} onClick={() => setEditing(x)}>
                    {t('common.edit')}
                  </button>
                  <button type="button" className="btn small danger" aria-label={text.deleteNamed(x.name)} onClick={() => setDeleting(x)}>
                    {t('common.delete')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={text.deleteTitle(deleting.name)}
          text={text.deleteText}
          confirmLabel={t('common.delete')}
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
    </>
  );
}
