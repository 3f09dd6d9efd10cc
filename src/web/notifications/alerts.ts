/**
 * What an open tab does when a notification arrives, outside the bell: a browser notification
 * (the Notifications API; permission asked for only from the "Turn on desktop notifications"
 * button) and a short tone (WebAudio, only after the user has clicked or typed once: browsers
 * refuse sound before that). Turning desktop notifications on also subscribes this browser to
 * Web Push, so notifications reach it when no tab is open (the service worker `/sw.js` shows them).
 */
import type { PushPublicKeyOut } from '../../common/push-api.js';
import { api } from '../api/http.js';

let interacted = false;
if (typeof window !== 'undefined') {
  const mark = () => {
    interacted = true;
    window.removeEventListener('pointerdown', mark, true);
    window.removeEventListener('keydown', mark, true);
  };
  window.addEventListener('pointerdown', mark, true);
  window.addEventListener('keydown', mark, true);
}

/** The user has clicked or typed in the page at least once (sound may play). */
export const hasInteracted = () => interacted;
export const tabHidden = () => document.visibilityState === 'hidden';

let audio: AudioContext | null = null;

/** A soft two-note chime, about a third of a second. */
export function playTone(): void {
  if (!interacted || typeof AudioContext === 'undefined') return;
  audio ??= new AudioContext();
  const now = audio.currentTime;
  for (const [i, freq] of [880, 1320].entries()) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const start = now + i * 0.14;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
    osc.connect(gain).connect(audio.destination);
    osc.start(start);
    osc.stop(start + 0.22);
  }
}

export type DesktopState = 'unsupported' | 'default' | 'denied' | 'granted';

export function desktopState(): DesktopState {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Shows a browser notification now (permission granted); a click brings the tab to `url`. */
export function showBrowserNotification(title: string, body: string, tag: string, open: () => void): void {
  if (desktopState() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      open();
      n.close();
    };
  } catch {
    // Some mobile browsers allow notifications only from a service worker.
    void navigator.serviceWorker?.ready.then((r) => r.showNotification(title, { body, tag }));
  }
}

const pushSupported = () => 'serviceWorker' in navigator && 'PushManager' in window;

async function registration(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register('/sw.js');
  return navigator.serviceWorker.ready;
}

/** A short name of this browser for the user's list ("Firefox on Linux"). */
function browserLabel(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Mac OS/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

/** Whether this browser receives Web Push for this user now. */
export async function pushSubscribed(): Promise<boolean> {
  if (!pushSupported()) return false;
  const r = await navigator.serviceWorker.getRegistration('/');
  return !!(await r?.pushManager.getSubscription());
}

/**
 * The "Turn on desktop notifications" button: asks the browser's permission, then subscribes this
 * browser to Web Push. Returns the permission; `push` false when the browser cannot receive push
 * (notifications still show while a tab is open).
 */
export async function turnOnDesktop(): Promise<{ state: DesktopState; push: boolean }> {
  if (desktopState() === 'unsupported') return { state: 'unsupported', push: false };
  const state = await Notification.requestPermission();
  if (state !== 'granted' || !pushSupported()) return { state, push: false };
  try {
    const reg = await registration();
    const { publicKey } = await api.get<PushPublicKeyOut>('/push/public-key');
    const sub =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlBytes(publicKey) }));
    await api.post('/me/push-subscriptions', { ...sub.toJSON(), label: browserLabel() });
    return { state, push: true };
  } catch {
    return { state, push: false };
  }
}

/** Stops Web Push to this browser (the permission stays as the user set it in the browser). */
export async function turnOffPush(): Promise<void> {
  if (!pushSupported()) return;
  const sub = await (await navigator.serviceWorker.getRegistration('/'))?.pushManager.getSubscription();
  if (!sub) return;
  await api.del('/me/push-subscriptions', { endpoint: sub.endpoint }).catch(() => undefined);
  await sub.unsubscribe();
}

function base64urlBytes(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
