/** What the email editor offers its callers (the reply box, Compose, templates) and what it is given. */
import type { ReactNode } from 'react';
import type { SnippetOut } from '../../common/api.js';

export interface RichEditorHandle {
  html(): string;
  /** The text, when nothing is formatted (no bold, list, link or image): sent as a plain-text email. */
  plain(): string | null;
  /** True when there is neither text nor an image. */
  empty(): boolean;
  setHtml(html: string): void;
  insertHtml(html: string): void;
  insertText(text: string): void;
  focus(): void;
}

export interface RichEditorProps {
  label: string;
  placeholder: string;
  snippets: SnippetOut[];
  disabled?: boolean;
  /** No image button (templates: an uploaded image belongs to one email). */
  noImages?: boolean;
  invalid?: boolean;
  describedBy?: string;
  /** Ctrl/Cmd+Enter. */
  onSubmit(): void;
  onInput?(): void;
  onImageError?(name: string, reason: string): void;
  /** Files dropped on the editor (attached, not inline). */
  onDropFiles?(files: FileList): void;
  /** More toolbar controls (attach, templates). */
  extra?: ReactNode;
}
