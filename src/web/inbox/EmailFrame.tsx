/**
 * An email body, isolated: a sandboxed iframe without scripts, with a CSP that loads nothing from
 * the network (no tracking pixels) until the agent chooses to load remote images; inline (cid:)
 * images come from our own attachment URLs. Sized to its content.
 */
import { useRef, useState } from 'react';

const csp = (remote: boolean) =>
  `default-src 'none'; img-src data: 'self'${remote ? ' https: http:' : ''}; style-src 'unsafe-inline'; font-src data:`;

function doc(html: string, remote: boolean): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp(remote)}"><base target="_blank"><style>html,body{margin:0;padding:0;font:14px/1.5 system-ui,sans-serif;color:#1d2330;overflow-wrap:anywhere}img{max-width:100%;height:auto}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #d5dae3;color:#5b6475}</style></head><body>${html}</body></html>`;
}

export const hasRemoteImages = (html: string) => /<img[^>]+src\s*=\s*["']?https?:/i.test(html);

export function EmailFrame({ html, title, remoteImages = false }: { html: string; title: string; remoteImages?: boolean }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(80);
  const fit = () => {
    const body = ref.current?.contentDocument?.documentElement;
    if (body) setHeight(Math.min(2400, Math.max(40, body.scrollHeight + 4)));
  };
  return (
    <iframe
      ref={ref}
      className="email-frame"
      title={title}
      // No allow-scripts: the frame never runs code. allow-same-origin only lets us measure its height.
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={doc(html, remoteImages)}
      data-remote-images={remoteImages ? 'on' : 'off'}
      style={{ height }}
      onLoad={fit}
    />
  );
}
