/** Table types for support forms (migration 030). */

export interface FormsTable {
  id: string;
  inbox_id: string;
  /** The form's own channel (kind `form`): its conversations' channel. */
  channel_id: string;
  slug: string;
  name: string;
  language: 'en' | 'nl' | 'sv';
  /** JSON `FormFieldOut[]`. */
  fields: string;
  confirmation: string;
  /** JSON `{pipelineId, stageId}` or null. */
  ticket: string | null;
  /** JSON string[]. */
  allowed_origins: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A rate limit's counter in one window. */
export interface FormRateCountsTable {
  key: string;
  n: number;
  expires_at: string;
}

export interface FormTables {
  forms: FormsTable;
  form_rate_counts: FormRateCountsTable;
}
