/** A settings list an admin creates, edits and deletes in: its items, the one being edited or deleted, and removal. */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/http.js';
import { fetchAll } from '../state/session.js';
import { useToast } from '../state/toasts.js';

export function useEditableList<T extends { id: string; name: string }>(
  path: string,
  opts: { onChange?: () => void; deleted: (name: string) => string },
) {
  const toast = useToast();
  const [items, setItems] = useState<T[] | null>(null);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const { onChange } = opts;
  const load = useCallback(() => {
    onChange?.();
    fetchAll<T>(path)
      .then(setItems)
      .catch(() => setItems([]));
  }, [path, onChange]);
  useEffect(load, [load]);

  async function remove(x: T) {
    try {
      await api.del(`${path}/${encodeURIComponent(x.id)}`);
      setDeleting(null);
      toast(opts.deleted(x.name));
      load();
    } catch {
      /* toasted */
    }
  }
  return { items, load, editing, setEditing, deleting, setDeleting, remove };
}

export type EditableList<T extends { id: string; name: string }> = ReturnType<typeof useEditableList<T>>;
