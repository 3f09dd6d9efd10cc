/** Toolbar icons as inline SVG (no icon font, no emoji that a system may lack). */
const Svg = ({ d }: { d: string }) => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
  >
    <path d={d} />
  </svg>
);

export const LinkIcon = () => (
  <Svg d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
);
export const ImageIcon = () => <Svg d="M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15.5 9.5h.01" />;
export const ClipIcon = () => <Svg d="M20 11.5l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.5 3.5 0 0 1 5 5L10 17.5a2 2 0 0 1-3-3l7.5-7.5" />;
export const BulletsIcon = () => <Svg d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01" />;
export const NumbersIcon = () => <Svg d="M10 6h10M10 12h10M10 18h10M4 4.5l1.5-.5v4M3.5 14.5a1.3 1.3 0 0 1 2.4.6c0 1-2.4 1.9-2.4 2.9h2.5" />;
