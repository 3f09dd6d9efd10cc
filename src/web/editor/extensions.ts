/**
 * What the email editor can hold: StarterKit's marks and blocks, inline images, links that are written as
 * typed (no target, no autolink), and a paragraph that remembers whether it came in as `<p>` or `<div>`:
 * lines typed in the editor are `<div>`s, as they were with contentEditable, so a sent email keeps its spacing,
 * while a template's `<p>` stays a `<p>`.
 */
import { mergeAttributes, Node, type AnyExtension } from '@tiptap/react';
import Image from '@tiptap/extension-image';
import StarterKit from '@tiptap/starter-kit';

const blockInside = 'p,div,ul,ol,li,blockquote,h1,h2,h3,h4,h5,h6,pre,table,hr';

const Paragraph = Node.create({
  name: 'paragraph',
  priority: 1000,
  group: 'block',
  content: 'inline*',
  addAttributes: () => ({
    tag: {
      default: 'div',
      keepOnSplit: true,
      parseHTML: (el: HTMLElement) => (el.tagName === 'P' ? 'p' : 'div'),
      renderHTML: () => ({}),
    },
  }),
  parseHTML: () => [
    { tag: 'p' },
    // A <div> holding blocks is a wrapper, not a line: its children are read instead.
    { tag: 'div', getAttrs: (el: HTMLElement) => (el.querySelector(blockInside) ? false : null) },
  ],
  renderHTML: ({ node, HTMLAttributes }) => [node.attrs.tag === 'p' ? 'p' : 'div', mergeAttributes(HTMLAttributes), 0],
});

export const editorExtensions = (): AnyExtension[] => [
  StarterKit.configure({
    paragraph: false,
    trailingNode: false,
    link: { openOnClick: false, autolink: false, linkOnPaste: true, HTMLAttributes: { target: null, rel: null, class: null } },
  }),
  Paragraph,
  Image.configure({ inline: true }),
];
