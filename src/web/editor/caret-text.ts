/** The editor's text at the caret: the `#` token being typed, and plain text put in (lines joined by line breaks). */
import type { Editor } from '@tiptap/react';
import { TextSelection, type EditorState } from '@tiptap/pm/state';
import type { Node as PmNode } from '@tiptap/pm/model';
import { tokenAt, type Token } from '../ui/completion.js';

/** A `#` token with its place in the document. */
export type DocToken = Token & { from: number; to: number };

export function snippetToken(state: EditorState): DocToken | null {
  const { selection } = state;
  if (!selection.empty) return null;
  const $at = selection.$from;
  if (!$at.parent.isTextblock) return null;
  // One character per image or line break, as each takes one position in the document.
  const before = $at.parent.textBetween(0, $at.parentOffset, undefined, '\ufffc');
  const tok = tokenAt(before, before.length);
  if (!tok || tok.trigger !== '#') return null;
  return { ...tok, from: $at.start() + tok.start, to: $at.start() + tok.end };
}

/** Puts `text` in place of `from`–`to` (the selection when not given), the caret after it. */
export function insertPlain(editor: Editor, text: string, range?: { from: number; to: number }): void {
  const { state } = editor;
  const from = range?.from ?? state.selection.from;
  const to = range?.to ?? state.selection.to;
  const tr = state.tr;
  let size: number;
  if (!/\r?\n/.test(text)) {
    tr.insertText(text, from, to);
    size = text.length;
  } else {
    const nodes: PmNode[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (i) nodes.push(state.schema.nodes.hardBreak!.create());
      if (line) nodes.push(state.schema.text(line));
    });
    tr.replaceWith(from, to, nodes);
    size = nodes.reduce((n, node) => n + node.nodeSize, 0);
  }
  tr.setSelection(TextSelection.create(tr.doc, from + size));
  editor.view.dispatch(tr.scrollIntoView());
}
