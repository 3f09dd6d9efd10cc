/** A round avatar: the picture when there is one, the initials otherwise. */
export function initials(name: string | null | undefined): string {
  const parts = (name ?? '?').trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

function hue(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

/**
 * `decorative` when the name is written next to it anyway (a button that shows the name): then the
 * avatar is hidden from assistive technology rather than read twice.
 */
export function Avatar(props: {
  name: string | null | undefined;
  url?: string | null;
  size?: 'sm' | 'md';
  label?: string;
  decorative?: boolean;
}) {
  const { name, url, size = 'sm', decorative } = props;
  const label = props.label ?? name ?? '';
  if (url)
    return <img className={`avatar avatar-${size}`} src={url} alt={decorative ? '' : label} title={label} referrerPolicy="no-referrer" />;
  return (
    <span
      className={`avatar avatar-${size}`}
      // 30% lightness keeps white initials at 4.5:1 or more on every hue (yellow is the lightest).
      style={{ background: `hsl(${hue(name ?? '?')} 45% 30%)` }}
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })}
      title={label}
    >
      {initials(name)}
    </span>
  );
}
