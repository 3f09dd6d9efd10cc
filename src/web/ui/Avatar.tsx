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

export function Avatar(props: { name: string | null | undefined; url?: string | null; size?: 'sm' | 'md'; label?: string }) {
  const { name, url, size = 'sm' } = props;
  const label = props.label ?? name ?? '';
  if (url) return <img className={`avatar avatar-${size}`} src={url} alt={label} title={label} referrerPolicy="no-referrer" />;
  return (
    <span
      className={`avatar avatar-${size}`}
      style={{ background: `hsl(${hue(name ?? '?')} 45% 42%)` }}
      role="img"
      aria-label={label}
      title={label}
    >
      {initials(name)}
    </span>
  );
}
