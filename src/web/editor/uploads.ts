/** Files for an email being written: uploaded at once (POST /attachments), linked by id when it is sent. */
import { useCallback, useState } from 'react';
import type { UploadOut } from '../../common/api.js';
import type { FieldError } from '../../common/field-errors.js';
import { ApiError, fieldErrors } from '../api/http.js';

export async function uploadFile(file: File): Promise<UploadOut> {
  const res = await fetch(`/api/v1/attachments?filename=${encodeURIComponent(file.name || 'file')}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/octet-stream' },
    body: file,
  });
  const data = (await res.json().catch(() => ({}))) as UploadOut & {
    error?: string;
    message?: string;
    fields?: Record<string, string>;
    fieldErrors?: Record<string, FieldError>;
  };
  if (!res.ok) {
    const err = new ApiError(res.status, data.error ?? 'invalid', data.message ?? String(res.status), data.fields, data.fieldErrors);
    // The file's refusal in the user's language (e.g. "the file is larger than 25 MB").
    throw new ApiError(res.status, err.code, fieldErrors(err).file ?? err.message, data.fields, data.fieldErrors);
  }
  return data;
}

export const uploadUrl = (id: string) => `/api/v1/uploads/${encodeURIComponent(id)}`;

/** The files attached so far, those still uploading, and the last upload error. */
export function useAttachments() {
  const [files, setFiles] = useState<UploadOut[]>([]);
  const [pending, setPending] = useState<string[]>([]);
  const [error, setError] = useState<{ name: string; reason: string } | null>(null);
  const add = useCallback(async (list: FileList | File[]) => {
    setError(null);
    for (const f of Array.from(list)) {
      setPending((p) => [...p, f.name]);
      try {
        const u = await uploadFile(f);
        setFiles((fs) => [...fs, u]);
      } catch (e) {
        setError({ name: f.name, reason: e instanceof Error ? e.message : String(e) });
      } finally {
        setPending((p) => {
          const i = p.indexOf(f.name);
          return i < 0 ? p : [...p.slice(0, i), ...p.slice(i + 1)];
        });
      }
    }
  }, []);
  const fail = useCallback((name: string, reason: string) => setError({ name, reason }), []);
  const remove = useCallback((id: string) => setFiles((fs) => fs.filter((f) => f.id !== id)), []);
  const clear = useCallback(() => {
    setFiles([]);
    setError(null);
  }, []);
  return { files, pending, error, add, remove, clear, fail };
}
export type Attachments = ReturnType<typeof useAttachments>;
