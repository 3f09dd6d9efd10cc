/**
 * The Switchboard chat widget: one script tag on any site. Everything lives in a shadow
 * root (no style leaks either way); the only global is the `Switchboard` command function.
 * Messages carry client ids and stay in localStorage until the server acknowledges them, so a
 * dropped socket or a server restart resends them and the server's dedupe keeps them single.
 */
import { inAudience, pageTargeted, type ChatWidgetConfig as Config } from '../common/chat-contract.js';
import { chatDefaultTexts, chatLanguage, type ChatLanguage } from '../common/chat-texts.js';
import { agentCss, awayCss, choicesCss, css, seenCss } from './style.js';
import { widgetTexts } from './texts.js';
import { el, fitInput, renderMessages, type Msg } from './render.js';

type Cmd = 'open' | 'close' | 'identify' | 'showNewMessage' | 'on' | 'shutdown';
/**
 * `Switchboard('identify', …)`: the host site's server computes `hash` = hex HMAC-SHA256(identity secret,
 * userId + "\n" + email) to vouch for the email too, or over userId alone (the email then stays unverified).
 */
interface Identity {
  userId?: string;
  hash?: string;
  email?: string;
  name?: string;
}
type SwitchboardFn = ((cmd: Cmd, ...args: unknown[]) => void) & { q?: IArguments[] | unknown[][] };

const w = window as unknown as { Switchboard?: SwitchboardFn };
const script =
  (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-switchboard-channel]');

if (script?.dataset.switchboardChannel && !(w.Switchboard as { ready?: boolean } | undefined)?.ready) start(script);

function start(tag: HTMLScriptElement): void {
  const channel = tag.dataset.switchboardChannel!;
  const base = new URL(tag.src, location.href);
  const socketUrl = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/api/v1/widget/socket?channel=${encodeURIComponent(channel)}`;
  const store = {
    get: (k: string) => {
      try {
        return localStorage.getItem(`switchboard:${channel}:${k}`);
      } catch {
        return null;
      }
    },
    set: (k: string, v: string | null) => {
      try {
        if (v === null) localStorage.removeItem(`switchboard:${channel}:${k}`);
        else localStorage.setItem(`switchboard:${channel}:${k}`, v);
      } catch {
        /* storage blocked: the visitor is anonymous for this page only */
      }
    },
  };

  let identity: Identity = JSON.parse(store.get('identity') ?? '{}') as Identity;
  let pending: { clientId: string; text: string; at: string }[] = JSON.parse(store.get('pending') ?? '[]');
  let messages: Msg[] = [];
  let open = false;
  let unread = 0;
  let ws: WebSocket | null = null;
  let ready = false;
  let retry = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners: Record<string, ((x: unknown) => void)[]> = {};
  const fire = (ev: string, x: unknown) => (listeners[ev] ?? []).forEach((f) => f(x));
  let lang: ChatLanguage = chatLanguage(null, navigator.languages ?? [navigator.language]);
  let tx = widgetTexts[lang];
  /** A channel text still at its English default reads in the widget's language. */
  const localDefault = (text: string, key: 'welcome' | 'away') => (text === chatDefaultTexts.en[key] ? chatDefaultTexts[lang][key] : text);

  // The host element takes no space; everything is drawn inside the shadow root.
  const host = document.createElement('div');
  host.setAttribute('data-switchboard', '');
  host.style.cssText = 'position:fixed;z-index:2147483000;right:0;bottom:0;width:0;height:0;';
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css + awayCss + agentCss + seenCss + choicesCss;
  root.appendChild(style);
  const launcher = el('button', 'launcher', root);
  launcher.innerHTML =
    '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  const badge = el('span', 'badge', launcher);
  const panel = el('section', 'panel', root);
  panel.setAttribute('role', 'dialog');
  const head = el('header', 'head', panel);
  const title = el('strong', 'title', head);
  const closeBtn = el('button', 'close', head, '×');
  const list = el('ol', 'list', panel);
  list.setAttribute('aria-live', 'polite');
  // Nobody available: say so and ask for an email, so the answer can reach the visitor later.
  const away = el('form', 'away', panel);
  away.hidden = true;
  const awayText = el('p', 'away-text', away);
  const awayRow = el('div', 'away-row', away);
  const awayEmail = el('input', 'input', awayRow);
  awayEmail.type = 'email';
  awayEmail.required = true;
  awayEmail.placeholder = 'you@example.com';
  const awaySave = el('button', 'send', awayRow);
  awaySave.type = 'submit';
  away.addEventListener('submit', (e) => {
    e.preventDefault();
    if (ws && ready && awayEmail.value) ws.send(JSON.stringify({ type: 'email', email: awayEmail.value }));
  });
  const typing = el('div', 'typing', panel);
  const status = el('div', 'status', panel);
  const form = el('form', 'compose', panel);
  const input = el('textarea', 'input', form);
  input.rows = 1;
  input.maxLength = 5000;
  const send = el('button', 'send', form);
  send.type = 'submit';
  /** The widget's own words in `lang` (the channel's choice once its settings arrive, else the browser's). */
  const applyTexts = () => {
    tx = widgetTexts[lang];
    panel.lang = lang;
    launcher.setAttribute('aria-label', tx.open);
    panel.setAttribute('aria-label', tx.chat);
    if (!config) title.textContent = tx.chat;
    closeBtn.setAttribute('aria-label', tx.close);
    awayEmail.setAttribute('aria-label', tx.yourEmail);
    awaySave.textContent = tx.save;
    input.placeholder = tx.placeholder;
    input.setAttribute('aria-label', tx.message);
    send.textContent = tx.send;
  };
  let welcome = '';
  let emailKnown = false;

  let config: Config | null = null;
  applyTexts();
  const applyConfig = (c: Config) => {
    config = c;
    if (c.language && c.language !== 'auto') lang = chatLanguage(c.language, []);
    applyTexts();
    title.textContent = c.name;
    welcome = localDefault(c.welcome, 'welcome');
    host.style.setProperty('--sb-color', c.color);
  };
  /** Targeting: shown where any rule matches the page URL (none: everywhere); a visitor with a conversation always sees it. */
  const targeted = () => {
    if (messages.length > 0 || pending.length > 0) return true;
    return (
      !config?.excluded &&
      inAudience(config?.audience ?? 'everyone', !!identity.userId) &&
      pageTargeted(config?.targeting ?? [], location.href)
    );
  };

  const render = () => {
    host.style.width = host.style.height = '0';
    host.style.display = config && !targeted() && !open ? 'none' : '';
    panel.hidden = !open;
    launcher.hidden = open && innerWidth < 480;
    launcher.setAttribute('aria-expanded', String(open));
    badge.textContent = unread ? String(unread) : '';
    badge.hidden = !unread;
    const shown: Msg[] = [
      ...messages,
      ...pending
        .filter((p) => !messages.some((m) => m.clientId === p.clientId))
        .map((p) => ({ id: null, clientId: p.clientId, from: 'visitor' as const, text: p.text, author: null, at: p.at, pending: true })),
    ];
    renderMessages(list, shown, { welcome, tx, onChoice: say });
    fitInput(input, shown[shown.length - 1], tx);
  };

  const savePending = () => store.set('pending', pending.length ? JSON.stringify(pending) : null);
  const setUnread = (n: number) => {
    if (n === unread) return;
    unread = n;
    fire('unreadCountChange', n);
  };
  /** Kept in the server's order (ids sort by creation): a bot's answer may arrive before the ack of what it answers. */
  const add = (m: Msg) => {
    if (messages.some((x) => (m.id && x.id === m.id) || (m.clientId && x.clientId === m.clientId))) return false;
    const later = m.id ? messages.findIndex((x) => x.id !== null && x.id > m.id!) : -1;
    if (later < 0) messages.push(m);
    else messages.splice(later, 0, m);
    return true;
  };

  const connect = () => {
    if (stopped) return;
    ready = false;
    // Another tab may have identified or shut down since.
    const saved = store.get('identity');
    if (saved) identity = JSON.parse(saved) as Identity;
    const s = new WebSocket(socketUrl);
    ws = s;
    s.onopen = () =>
      s.send(JSON.stringify({ type: 'hello', token: store.get('token') ?? undefined, page: location.href.slice(0, 2000), ...identity }));
    s.onmessage = (e) => {
      const d = JSON.parse(String(e.data));
      if (d.type === 'welcome') {
        retry = 0;
        ready = true;
        status.textContent = '';
        store.set('token', d.token);
        applyConfig(d.config);
        awayText.textContent = localDefault(d.awayMessage, 'away');
        emailKnown = d.emailKnown || Boolean(identity.email);
        away.hidden = d.available || emailKnown;
        messages = [];
        for (const m of d.messages as Msg[]) add(m);
        // What the server already has is acknowledged; the rest goes again, in order.
        pending = pending.filter((p) => !messages.some((m) => m.clientId === p.clientId));
        savePending();
        for (const p of pending) s.send(JSON.stringify({ type: 'message', clientId: p.clientId, text: p.text }));
        viewingSent = false;
        sendViewing();
        if (d.config.openByDefault && store.get('opened') === null) setOpen(true);
        render();
      } else if (d.type === 'availability') {
        // Agents went away or came back: the email capture shows or goes without a reload.
        away.hidden = d.available || emailKnown;
      } else if (d.type === 'email-saved') {
        emailKnown = true;
        awayText.textContent = tx.thanks.replace('{email}', d.email);
        awayRow.hidden = true;
      } else if (d.type === 'closed') {
        // The channel was switched off: the widget goes away until it is back on.
        config = null;
        host.style.display = 'none';
        stopped = true;
        s.close();
      } else if (d.type === 'seen') {
        for (const m of messages) if (m.from === 'visitor') m.seen = true;
        render();
      } else if (d.type === 'config') {
        applyConfig(d.config);
        render();
      } else if (d.type === 'ack') {
        const p = pending.find((x) => x.clientId === d.clientId);
        pending = pending.filter((x) => x.clientId !== d.clientId);
        savePending();
        if (p) add({ id: d.id, clientId: p.clientId, from: 'visitor', text: p.text, author: null, at: p.at });
        render();
      } else if (d.type === 'message') {
        if (add(d.message)) {
          if (d.message.from === 'agent') {
            fire('message', { text: d.message.text, author: d.message.author });
            if (!open) setUnread(unread + 1);
          }
          render();
        }
      } else if (d.type === 'typing') {
        typing.textContent = d.agents.length
          ? (d.agents.length > 1 ? tx.typingMany : tx.typingOne).replace('{names}', d.agents.join(', '))
          : '';
      } else if (d.type === 'error') {
        // A refused token (expired, revoked): the server goes on with a fresh visitor, nothing to say.
        if (d.code === 'token') store.set('token', null);
        else status.textContent = d.message;
        if (d.code === 'targeting') {
          pending = pending.filter((p) => p.clientId !== d.clientId);
          savePending();
          render();
        }
        if (d.code === 'rate_limited')
          setTimeout(
            () =>
              ws === s && ready && pending.forEach((p) => s.send(JSON.stringify({ type: 'message', clientId: p.clientId, text: p.text }))),
            5000,
          );
      }
    };
    s.onclose = () => {
      if (ws !== s || stopped) return;
      ready = false;
      clearTimeout(timer);
      timer = setTimeout(connect, Math.min(10_000, 300 * 2 ** retry++));
    };
  };

  const newClientId = () => {
    const b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    setTyping(false);
    say(text);
  });
  /** A message of the visitor's: shown at once as pending, sent when the socket is ready (again after a reconnect). */
  const say = (text: string) => {
    const p = { clientId: newClientId(), text, at: new Date().toISOString() };
    pending.push(p);
    savePending();
    render();
    if (ws && ready && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'message', clientId: p.clientId, text }));
  };
  let typingOn = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const setTyping = (on: boolean) => {
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(() => setTyping(false), 3000);
    if (on === typingOn) return;
    typingOn = on;
    if (ws && ready && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'typing', on }));
  };
  input.addEventListener('input', () => setTyping(input.value.trim().length > 0));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  let viewingSent = false;
  const sendViewing = () => {
    const on = open && document.visibilityState === 'visible';
    if (!ws || !ready || ws.readyState !== WebSocket.OPEN || on === viewingSent) return;
    viewingSent = on;
    ws.send(JSON.stringify({ type: 'viewing', on }));
  };
  document.addEventListener('visibilitychange', sendViewing);
  const setOpen = (v: boolean) => {
    open = v;
    setTimeout(sendViewing);
    store.set('opened', '1');
    if (v) setUnread(0);
    render();
    if (v) input.focus();
  };
  launcher.addEventListener('click', () => setOpen(!open));
  closeBtn.addEventListener('click', () => setOpen(false));
  addEventListener('resize', render);

  const api = ((cmd: Cmd, ...args: unknown[]) => {
    if (cmd === 'open') setOpen(true);
    else if (cmd === 'close') setOpen(false);
    else if (cmd === 'showNewMessage') {
      input.value = String(args[0] ?? '');
      setOpen(true);
    } else if (cmd === 'on' && typeof args[1] === 'function') (listeners[String(args[0])] ??= []).push(args[1] as (x: unknown) => void);
    else if (cmd === 'identify') {
      identity = { ...(args[0] as Identity) };
      // The anonymous token goes along: the server moves the anonymous chat to the identified user.
      store.set('identity', JSON.stringify(identity));
      ws?.close();
    } else if (cmd === 'shutdown') {
      // Forgotten on the server too: the token left in this browser no longer opens the conversation.
      if (ws && ready && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'forget' }));
      for (const k of ['token', 'pending', 'identity', 'opened']) store.set(k, null);
      identity = {};
      pending = [];
      messages = [];
      setUnread(0);
      open = false;
      render();
      ws?.close();
    }
  }) as SwitchboardFn & { ready?: boolean };
  api.ready = true;
  const queued = w.Switchboard?.q ?? [];
  w.Switchboard = api;

  const mount = () => {
    document.body.appendChild(host);
    render();
    connect();
    for (const a of queued) api(...(Array.from(a as ArrayLike<unknown>) as [Cmd, ...unknown[]]));
  };
  if (document.body) mount();
  else addEventListener('DOMContentLoaded', mount);
}
