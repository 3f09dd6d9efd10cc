/** Text as text; in the team's messages, web addresses become links that open in a new tab (nothing else is markup). */
export function linked(parent: HTMLElement, text: string, links: boolean): void {
  if (!links) return void (parent.textContent = text);
  let at = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g)) {
    parent.appendChild(document.createTextNode(text.slice(at, m.index)));
    const a = document.createElement('a');
    a.textContent = m[0];
    a.href = m[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    parent.appendChild(a);
    at = m.index + m[0].length;
  }
  parent.appendChild(document.createTextNode(text.slice(at)));
}
