/**
 * The email editor on Tiptap (ProseMirror), loaded when an editor is first shown: bold, italic, lists, links
 * and inline images, `#` snippets, Ctrl/Cmd+B/I/K and Ctrl+Enter to send; pasted pictures are uploaded and
 * shown inline, dropped files attached. The server sanitizes what it receives and derives the plain-text part.
 */
import { forwardRef, useEffect, useId, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { Editor } from '@tiptap/react';
import { Selection, type EditorState } from '@tiptap/pm/state';
import { CompletionList } from '../ui/CompletionList.js';
import { listKey, optionsFor, type Option } from '../ui/completion.js';
import { useT } from '../i18n/index.js';
import { insertPlain, snippetToken, type DocToken } from './caret-text.js';
import { emailHtml, hasFormatting } from './email-html.js';
import { editorExtensions } from './extensions.js';
import type { RichEditorHandle, RichEditorProps } from './handle.js';
import { linkAddress } from './link-address.js';
import { noFormats, Toolbar, type Format, type Formats } from './Toolbar.js';
import { uploadFile, uploadUrl } from './uploads.js';
import './editor.css';

const hasImage = (state: EditorState) => {
  let found = false;
  state.doc.descendants((n) => !(found ||= n.type.name === 'image'));
  return found;
};
const hasContent = (state: EditorState) => state.doc.textContent.trim() !== '' || hasImage(state);
/** The stand-in shown while this code loaded (RichEditor.tsx): whether it had the focus as it left, and what was typed in it. */
interface DraftProps {
  draftFocused(): boolean;
  draftHtml(): string;
}

const pastedImage = (f: File) => /^image\/(png|jpeg|gif|webp)$/.test(f.type);

const TiptapEditor = forwardRef<RichEditorHandle, RichEditorProps & DraftProps>(function TiptapEditor(props, ref) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<Editor | null>(null);
  const [formats, setFormats] = useState<Formats>(noFormats);
  const [token, setToken] = useState<DocToken | null>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const options = optionsFor(token, [], props.snippets);
  const open = options.length > 0;
  const current = Math.min(active, options.length - 1);

  // What the editor's DOM handlers read: the props and state of the latest render.
  const latest = useRef({
    props,
    attrs: {} as Record<string, string>,
    keyDown: ((_e: KeyboardEvent) => false) as (e: KeyboardEvent) => boolean,
  });
  const attrs: Record<string, string> = {
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': props.label,
    'aria-autocomplete': 'list',
    'data-placeholder': props.placeholder,
    tabindex: '0',
  };
  if (props.invalid) attrs['aria-invalid'] = 'true';
  if (props.disabled) attrs['aria-disabled'] = 'true';
  if (props.describedBy) attrs['aria-describedby'] = props.describedBy;
  if (open) {
    attrs['aria-controls'] = listId;
    attrs['aria-activedescendant'] = `${listId}-${current}`;
  }
  latest.current.props = props;
  latest.current.attrs = attrs;

  async function images(files: File[]) {
    for (const f of files) {
      try {
        const u = await uploadFile(f);
        const ed = editorRef.current;
        if (!ed || ed.isDestroyed) return;
        ed.view.focus();
        ed.chain()
          .insertContent({ type: 'image', attrs: { src: uploadUrl(u.id), alt: u.filename.replace(/["<>&]/g, '') } })
          .run();
      } catch (e) {
        latest.current.props.onImageError?.(f.name, e instanceof Error ? e.message : String(e));
      }
    }
  }

  function link() {
    const ed = editorRef.current;
    if (!ed) return;
    const url = linkAddress((window.prompt(t('editor.linkPrompt')) ?? '').trim());
    ed.view.focus();
    if (!url) return;
    if (ed.state.selection.empty)
      ed.chain()
        .insertContent([
          { type: 'text', text: url.replace(/^mailto:/, ''), marks: [{ type: 'link', attrs: { href: url } }] },
          { type: 'text', text: ' ' },
        ])
        .run();
    else ed.chain().setLink({ href: url }).run();
  }

  function format(f: Format) {
    const ed = editorRef.current;
    if (!ed) return;
    ed.view.focus();
    const chain = ed.chain();
    if (f === 'bold') chain.toggleBold().run();
    else if (f === 'italic') chain.toggleItalic().run();
    else if (f === 'bullets') chain.toggleBulletList().run();
    else chain.toggleOrderedList().run();
  }

  function choose(o: Option) {
    const ed = editorRef.current;
    if (!ed || !token || o.kind !== 'snippet') return;
    insertPlain(ed, o.snippet.body, token);
    setToken(null);
  }

  latest.current.keyDown = (e) => {
    if (open && listKey(e, options.length, setActive, () => choose(options[current]!))) return true;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Enter') {
      e.preventDefault();
      latest.current.props.onSubmit();
      return true;
    }
    if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      link();
      return true;
    }
    if (e.key === 'Escape') editorRef.current?.view.dom.blur();
    return false;
  };

  useLayoutEffect(() => {
    const ed = new Editor({
      element: host.current!,
      extensions: editorExtensions(),
      content: latest.current.props.draftHtml(),
      editable: !latest.current.props.disabled,
      editorProps: {
        attributes: (state) => ({ ...latest.current.attrs, class: `rich-area${hasContent(state) ? '' : ' is-empty'}` }),
        handleKeyDown: (_view, e) => latest.current.keyDown(e),
        handleDOMEvents: {
          // A pasted picture (a screenshot) is uploaded and shown inline, as the image button does.
          paste: (_view, e) => {
            const found = Array.from(e.clipboardData?.files ?? []).filter(pastedImage);
            if (!found.length || latest.current.props.noImages) return false;
            e.preventDefault();
            void images(found);
            return true;
          },
          drop: (_view, e) => {
            const files = e.dataTransfer?.files;
            const onDrop = latest.current.props.onDropFiles;
            if (!files?.length || !onDrop) return false;
            e.preventDefault();
            onDrop(files);
            return true;
          },
        },
      },
    });
    editorRef.current = ed;
    const follow = () => {
      setFormats({
        bold: ed.isActive('bold'),
        italic: ed.isActive('italic'),
        bullets: ed.isActive('bulletList'),
        numbers: ed.isActive('orderedList'),
      });
      setToken(ed.view.hasFocus() ? snippetToken(ed.state) : null);
      setActive(0);
    };
    // Every transaction: a toggled mark with nothing typed yet changes only the stored marks.
    ed.on('transaction', follow);
    ed.on('update', () => latest.current.props.onInput?.());
    ed.on('blur', () => setToken(null));
    // The caret goes after what was typed in the stand-in, focused or not: a token or snippet inserted
    // next (a button took the focus while the editor loaded) lands after it, not before.
    ed.view.dispatch(ed.state.tr.setSelection(Selection.atEnd(ed.state.doc)));
    if (latest.current.props.draftFocused()) {
      ed.view.focus();
      // A `#` typed in the stand-in opens the list now.
      follow();
    }
    return () => {
      editorRef.current = null;
      ed.destroy();
    };
  }, []);

  // The textbox's ARIA attributes follow the props and the snippet list.
  const attrsKey = JSON.stringify(attrs);
  useEffect(() => {
    const ed = editorRef.current;
    if (ed && !ed.isDestroyed) ed.view.updateState(ed.state);
  }, [attrsKey]);
  useEffect(() => editorRef.current?.setEditable(!props.disabled, false), [props.disabled]);

  // Escape closes only the list, not a dialog around the editor: taken before any other listener sees it.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !host.current?.contains(e.target as Node)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      setToken(null);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);

  useImperativeHandle(ref, () => {
    const ed = () => editorRef.current;
    return {
      html: () => {
        const e = ed();
        return e && hasContent(e.state) ? emailHtml(e.getHTML()) : '';
      },
      plain: () => {
        const e = ed();
        if (!e) return null;
        const box = document.createElement('template');
        box.innerHTML = e.getHTML();
        return hasFormatting(box.content)
          ? null
          : e
              .getText({ blockSeparator: '\n' })
              .replace(/\u00a0/g, ' ')
              .trim();
      },
      empty: () => {
        const e = ed();
        return !e || !hasContent(e.state);
      },
      setHtml: (html) => void ed()?.commands.setContent(html, { emitUpdate: false }),
      insertHtml: (html) => {
        const e = ed();
        if (!e) return;
        e.view.focus();
        e.chain().insertContent(html).run();
      },
      insertText: (text) => {
        const e = ed();
        if (!e) return;
        e.view.focus();
        insertPlain(e, text);
      },
      focus: () => ed()?.view.focus(),
    };
  }, []);

  return (
    <div className={`rich${props.disabled ? ' rich-disabled' : ''}`}>
      <Toolbar
        disabled={props.disabled}
        active={formats}
        noImages={props.noImages}
        onFormat={format}
        onLink={link}
        onImages={(files) => images(Array.from(files ?? []))}
        extra={props.extra}
      />
      <div className="composer-box">
        <div ref={host} className="rich-host" />
        {open && <CompletionList id={listId} options={options} active={current} onChoose={choose} />}
      </div>
    </div>
  );
});

export default TiptapEditor;
