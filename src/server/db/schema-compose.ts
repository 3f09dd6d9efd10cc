/** Table types for writing email: uploads waiting to be sent (migration 008). */

export interface UploadsTable {
  id: string;
  user_id: string;
  filename: string;
  content_type: string;
  size: number;
  storage_path: string;
  created_at: string;
}

export interface ComposeTables {
  uploads: UploadsTable;
}
