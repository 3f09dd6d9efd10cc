/** Plain message text with its web addresses as links (chat and plain-text replies): opened in a new tab, never as script. */
const url = /\b(?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;

export function Linkified({ text }: { text: string }) {
  const parts: (string | { href: string; label: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(url)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ href: /^www\./i.test(m[0]) ? `https://${m[0]}` : m[0], label: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          p
        ) : (
          <a key={i} href={p.href} target="_blank" rel="noopener noreferrer nofollow">
            {p.label}
          </a>
        ),
      )}
    </>
  );
}
