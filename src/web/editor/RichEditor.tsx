/**
 * The email editor (F-CONV.9). Its code (Tiptap, in TiptapEditor.tsx) loads when an editor is first shown;
 * until then a plain contentEditable stands in, whose text moves into the editor, so nothing typed right
 * after a shortcut is lost.
 */
import { forwardRef, lazy, Suspense, useCallback, useImperativeHandle, useRef } from 'react';
import { draftHandle, draftHtml } from './draft.js';
import type { RichEditorHandle, RichEditorProps } from './handle.js';
import { noFormats, Toolbar } from './Toolbar.js';
import './editor.css';

export type { RichEditorHandle, RichEditorProps } from './handle.js';

const TiptapEditor = lazy(() => import('./TiptapEditor.js'));

export const RichEditor = forwardRef<RichEditorHandle, RichEditorProps>(function RichEditor(props, ref) {
  const editor = useRef<RichEditorHandle>(null);
  const draft = useRef<HTMLDivElement>(null);
  /**
   * Whether the stand-in had the focus as it left the page (React detaches its ref just before it
   * removes it). Read then, not when the editor first renders: that render may happen a while before
   * it is shown, while a button had the focus for a moment, and the typing that followed was lost.
   */
  const draftHadFocus = useRef(false);
  const draftRef = useCallback((el: HTMLDivElement | null) => {
    if (el) draft.current = el;
    else draftHadFocus.current = !!draft.current && document.activeElement === draft.current;
  }, []);
  useImperativeHandle(ref, () => {
    const now = () => editor.current ?? draftHandle(draft.current);
    return {
      html: () => now().html(),
      plain: () => now().plain(),
      empty: () => now().empty(),
      setHtml: (html) => now().setHtml(html),
      insertHtml: (html) => now().insertHtml(html),
      insertText: (text) => now().insertText(text),
      focus: () => now().focus(),
    };
  }, []);
  return (
    // The stand-in's element is kept after it leaves the page: the editor reads what was typed when it mounts.
    <Suspense fallback={<DraftEditor ref={draftRef} {...props} />}>
      <TiptapEditor ref={editor} {...props} draftFocused={() => draftHadFocus.current} draftHtml={() => draftHtml(draft.current)} />
    </Suspense>
  );
});

/** The stand-in while the editor loads: the same frame, the toolbar not yet usable. */
const DraftEditor = forwardRef<HTMLDivElement, RichEditorProps>(function DraftEditor(props, ref) {
  const off = async () => {};
  return (
    <div className={`rich${props.disabled ? ' rich-disabled' : ''}`}>
      <Toolbar disabled active={noFormats} noImages={props.noImages} onFormat={off} onLink={off} onImages={off} extra={props.extra} />
      <div className="composer-box">
        <div
          ref={ref}
          className="rich-area"
          contentEditable={!props.disabled}
          suppressContentEditableWarning
          role="textbox"
          aria-multiline="true"
          aria-label={props.label}
          aria-invalid={props.invalid || undefined}
          aria-disabled={props.disabled || undefined}
          aria-describedby={props.describedBy}
          data-placeholder={props.placeholder}
          tabIndex={0}
          onInput={props.onInput}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
              e.preventDefault();
              props.onSubmit();
            }
          }}
        />
      </div>
    </div>
  );
});
