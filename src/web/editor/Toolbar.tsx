/** The email editor's toolbar: formatting toggles (aria-pressed), link, image, and the caller's extra controls. */
import { useRef, type ReactNode } from 'react';
import { useT } from '../i18n/index.js';
import { BulletsIcon, ImageIcon, LinkIcon, NumbersIcon } from './icons.js';

export type Format = 'bold' | 'italic' | 'bullets' | 'numbers';
export type Formats = Record<Format, boolean>;
export const noFormats: Formats = { bold: false, italic: false, bullets: false, numbers: false };

export function Toolbar(props: {
  /** Off while the editor loads or when the editor is disabled. */
  disabled?: boolean;
  active: Formats;
  noImages?: boolean;
  onFormat(f: Format): void;
  onLink(): void;
  onImages(files: FileList): Promise<void>;
  extra?: ReactNode;
}) {
  const t = useT();
  const imageInput = useRef<HTMLInputElement>(null);
  const toggle = (f: Format, label: string, text: ReactNode, key?: string) => (
    <button
      type="button"
      className="tool"
      title={label}
      aria-label={label}
      aria-pressed={props.active[f]}
      aria-keyshortcuts={key}
      disabled={props.disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => props.onFormat(f)}
    >
      {text}
    </button>
  );
  return (
    <div className="rich-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      {toggle('bold', t('editor.bold'), <b>B</b>, 'Control+B')}
      {toggle('italic', t('editor.italic'), <i>I</i>, 'Control+I')}
      {toggle('bullets', t('editor.bullets'), <BulletsIcon />)}
      {toggle('numbers', t('editor.numbers'), <NumbersIcon />)}
      <button
        type="button"
        className="tool"
        title={t('editor.link')}
        aria-label={t('editor.link')}
        aria-keyshortcuts="Control+K"
        disabled={props.disabled}
        onMouseDown={(e) => e.preventDefault()}
        onClick={props.onLink}
      >
        <LinkIcon />
      </button>
      {!props.noImages && (
        <button
          type="button"
          className="tool"
          title={t('editor.image')}
          aria-label={t('editor.image')}
          disabled={props.disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => imageInput.current?.click()}
        >
          <ImageIcon />
        </button>
      )}
      <input
        ref={imageInput}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        hidden
        aria-label={t('editor.image')}
        onChange={(e) => void props.onImages(e.target.files!).then(() => (e.target.value = ''))}
      />
      {props.extra}
    </div>
  );
}
