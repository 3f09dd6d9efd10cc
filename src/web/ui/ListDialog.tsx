/**
 * A settings dialog that lists what belongs to one inbox or channel (its forms, its chatflows): an
 * intro, a New button, an empty state, and the items. `useListed` loads them; the caller opens its
 * builder in place of the dialog while something is being edited.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Page } from '../../common/api.js';
import { api } from '../api/http.js';
import { Modal } from './Modal.js';

/** The items at `path` (one page: an inbox has few), with a setter for optimistic changes and a reload. */
export function useListed<T>(path: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const reload = useCallback(() => api.get<Page<T>>(path).then((p) => setItems(p.items)), [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, setItems, reload };
}

export function ListDialog(props: {
  title: string;
  intro: string;
  newLabel: string;
  onNew(): void;
  /** Said when there is nothing yet. */
  none: string;
  empty: boolean;
  onClose(): void;
  children: ReactNode;
}) {
  return (
    <Modal title={props.title} onClose={props.onClose} wide>
      <div className="list-dialog">
        <p className="muted">{props.intro}</p>
        <div className="form-actions list-dialog-new">
          <button type="button" className="btn primary" onClick={props.onNew}>
            {props.newLabel}
          </button>
        </div>
        {props.empty && (
          <p className="muted" role="status">
            {props.none}
          </p>
        )}
        <ul className="stack list-dialog-list">{props.children}</ul>
      </div>
    </Modal>
  );
}
