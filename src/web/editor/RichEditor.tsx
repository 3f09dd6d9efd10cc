/**
 * The email editor (F-CONV.9): contentEditable with bold, italic, lists, links and inline images,
 * `#` snippets as in the plain editor, Ctrl/Cmd+B/I/K and Ctrl+Enter to send. The server sanitizes
 * what it receives and derives the plain-text part.
 */
import { forwardRef, useId, useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SnippetOut } from '../../common/api.js';
import { CompletionList } from '../ui/CompletionList.js';
import { optionsFor, tokenAt, type Option, type Token, listKey } from '../ui/completion.js';
import { BulletsIcon, ImageIcon, LinkIcon, NumbersIcon } from './icons.js';
import { uploadFile, uploadUrl } from './uploads.js';
import './editor.css';
import { useT } from '../i18n/index.js';

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

interface Props {
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

const exec = (cmd: string, value?: string) => document.execCommand(cmd, false, value);
const safeLink = (url: string) =>
  /^(https?:\/\/|mailto:)/i.test(url)
    ? url
    : /^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(url)
      ? `mailto:${url}`
      : /^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(url)
        ? `https://${url}`
        : null;

/** List commands, keeping the caret in its text (Chromium moves it to the start of the line). */
function toggleList(root: HTMLElement, cmd: 'insertUnorderedList' | 'insertOrderedList'): void {
  const sel = window.getSelection();
  const node = sel?.isCollapsed ? sel.anchorNode : null;
  const offset = sel?.anchorOffset ?? 0;
  const text = node instanceof Text ? node.data : null;
  exec(cmd);
  if (!sel || !(node instanceof Text)) return;
  if (node.isConnected && root.contains(node)) sel.collapse(node, Math.min(offset, node.length));
  // Chromium replaces the text node with a copy: find the copy at the new caret.
  else if (sel.anchorNode instanceof Text && sel.anchorNode.data === text && root.contains(sel.anchorNode))
    sel.collapse(sel.anchorNode, Math.min(offset, sel.anchorNode.length));
}

/** The text of the caret's text node before the caret, for `#` completion. */
function caretText(root: HTMLElement): { node: Text; before: string } | null {
  const sel = window.getSelection();
  if (!sel || !sel.rangeCount || !sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!(r.startContainer instanceof Text) || !root.contains(r.startContainer)) return null;
  return { node: r.startContainer, before: r.startContainer.data.slice(0, r.startOffset) };
}

export const RichEditor = forwardRef<RichEditorHandle, Props>(function RichEditor(props, ref) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const saved = useRef<Range | null>(null);
  const imageInput = useRef<HTMLInputElement>(null);
  const [isEmpty, setIsEmpty] = useState(true);
  const [token, setToken] = useState<(Token & { node: Text }) | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const options = optionsFor(token, [], props.snippets);
  const open = options.length > 0;

  const hasContent = () => !!el.current && (el.current.textContent!.trim() !== '' || !!el.current.querySelector('img'));
  const refresh = () => setIsEmpty(!hasContent());
  /** Puts the caret back where it was before focus left the editor (a prompt, a file dialog, a menu). */
  function restore() {
    const node = el.current;
    if (!node) return;
    const sel = window.getSelection();
    if (document.activeElement === node && sel?.rangeCount && node.contains(sel.getRangeAt(0).startContainer)) return;
    node.focus();
    if (saved.current && sel && node.contains(saved.current.startContainer)) {
      sel.removeAllRanges();
      sel.addRange(saved.current);
    }
  }
  function remember() {
    const sel = window.getSelection();
    if (sel?.rangeCount && el.current?.contains(sel.getRangeAt(0).startContainer)) saved.current = sel.getRangeAt(0).cloneRange();
  }
  function track() {
    remember();
    const c = el.current && caretText(el.current);
    const tok = c ? tokenAt(c.before, c.before.length) : null;
    setToken(tok && tok.trigger === '#' && c ? { ...tok, node: c.node } : null);
    setActive(0);
  }

  useImperativeHandle(ref, () => ({
    html: () => (hasContent() ? el.current!.innerHTML : ''),
    plain: () =>
      el.current && !el.current.querySelector('b,strong,i,em,u,ul,ol,a,img,blockquote,h1,h2,h3,pre,font,span[style]')
        ? el.current.innerText.replace(/\u00a0/g, ' ').trim()
        : null,
    empty: () => !hasContent(),
    setHtml(html: string) {
      if (el.current) el.current.innerHTML = html;
      refresh();
    },
    insertHtml(html: string) {
      restore();
      exec('insertHTML', html);
      refresh();
    },
    insertText(text: string) {
      restore();
      exec('insertText', text);
      track();
      refresh();
    },
    focus: () => restore(),
  }));

  function choose(o: Option) {
    if (!token || o.kind !== 'snippet') return;
    const sel = window.getSelection();
    const r = document.createRange();
    r.setStart(token.node, token.start);
    r.setEnd(token.node, Math.min(token.end, token.node.length));
    sel?.removeAllRanges();
    sel?.addRange(r);
    exec('insertText', o.snippet.body);
    setToken(null);
    refresh();
  }

  function link() {
    remember();
    const url = safeLink((window.prompt(t('editor.linkPrompt')) ?? '').trim());
    restore();
    if (!url) return;
    const sel = window.getSelection();
    if (sel && sel.isCollapsed)
      exec('insertHTML', `<a href="${url.replace(/"/g, '&quot;')}">${url.replace(/^mailto:/, '').replace(/[<>&]/g, '')}</a>&nbsp;`);
    else exec('createLink', url);
    refresh();
  }

  async function image(files: FileList | File[] | null) {
    for (const f of Array.from(files ?? [])) {
      try {
        const u = await uploadFile(f);
        restore();
        exec('insertHTML', `<img src="${uploadUrl(u.id)}" alt="${u.filename.replace(/["<>&]/g, '')}">`);
        refresh();
      } catch (e) {
        props.onImageError?.(f.name, e instanceof Error ? e.message : String(e));
      }
    }
  }

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (open) {
      if (listKey(e, options.length, setActive, () => choose(options[Math.min(active, options.length - 1)]!))) return;
      if (e.key === 'Escape') {
        // Only the list closes, not a dialog around the editor.
        e.preventDefault();
        e.stopPropagation();
        setToken(null);
        return;
      }
    }
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Enter') {
      e.preventDefault();
      props.onSubmit();
    } else if (mod && !e.shiftKey && !e.altKey && ['b', 'i', 'k'].includes(e.key.toLowerCase())) {
      e.preventDefault();
      const k = e.key.toLowerCase();
      if (k === 'k') link();
      else exec(k === 'b' ? 'bold' : 'italic');
    } else if (e.key === 'Escape') el.current?.blur();
  }

  const tool = (label: string, text: ReactNode, run: () => void, key?: string) => (
    <button
      type="button"
      className="tool"
      title={label}
      aria-label={label}
      aria-keyshortcuts={key}
      disabled={props.disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => {
        restore();
        run();
        refresh();
      }}
    >
      {text}
    </button>
  );

  return (
    <div className={`rich${props.disabled ? ' rich-disabled' : ''}`}>
      <div className="rich-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
        {tool(t('editor.bold'), <b>B</b>, () => exec('bold'), 'Control+B')}
        {tool(t('editor.italic'), <i>I</i>, () => exec('italic'), 'Control+I')}
        {tool(t('editor.bullets'), <BulletsIcon />, () => toggleList(el.current!, 'insertUnorderedList'))}
        {tool(t('editor.numbers'), <NumbersIcon />, () => toggleList(el.current!, 'insertOrderedList'))}
        <button
          type="button"
          className="tool"
          title={t('editor.link')}
          aria-label={t('editor.link')}
          aria-keyshortcuts="Control+K"
          disabled={props.disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={link}
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
            onMouseDown={remember}
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
          onChange={(e) => void image(e.target.files).then(() => (e.target.value = ''))}
        />
        {props.extra}
      </div>
      <div className="composer-box">
        <div
          ref={el}
          className={`rich-area${isEmpty ? ' is-empty' : ''}`}
          contentEditable={!props.disabled}
          suppressContentEditableWarning
          role="textbox"
          aria-multiline="true"
          aria-label={props.label}
          aria-invalid={props.invalid || undefined}
          aria-disabled={props.disabled || undefined}
          aria-describedby={props.describedBy}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${Math.min(active, options.length - 1)}` : undefined}
          data-placeholder={props.placeholder}
          tabIndex={0}
          onInput={() => {
            // A first line typed straight into the editor gets its own block, as later lines do, so list and
            // other block commands keep the caret where it is.
            if (el.current?.firstChild instanceof Text && el.current.firstChild.data.trim()) exec('formatBlock', 'div');
            refresh();
            track();
            props.onInput?.();
          }}
          onKeyDown={onKey}
          onPaste={(e) => {
            // A pasted picture (a screenshot) is uploaded and shown inline, like the image button does.
            const images = Array.from(e.clipboardData.files).filter((f) => /^image\/(png|jpeg|gif|webp)$/.test(f.type));
            if (!images.length || props.noImages) return;
            e.preventDefault();
            remember();
            void image(images);
          }}
          onDrop={(e) => {
            if (!e.dataTransfer.files.length || !props.onDropFiles) return;
            e.preventDefault();
            props.onDropFiles(e.dataTransfer.files);
          }}
          onKeyUp={(e) => !['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key) && track()}
          onMouseUp={track}
          onBlur={() => {
            remember();
            setToken(null);
          }}
        />
        {open && <CompletionList id={listId} options={options} active={Math.min(active, options.length - 1)} onChoose={choose} />}
      </div>
    </div>
  );
});
