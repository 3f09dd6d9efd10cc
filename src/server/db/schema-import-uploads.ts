/** Imports started in the app (migration 039). */

export interface ImportUploadsTable {
  id: string;
  inbox_id: string;
  kind: 'file' | 'folder';
  name: string;
  size: number;
  received: number;
  import_id: string | null;
  wanted: 'run' | 'stop';
  slice: number;
  created_by: string | null;
  created_at: string;
}

export interface ImportUploadTables {
  import_uploads: ImportUploadsTable;
}
