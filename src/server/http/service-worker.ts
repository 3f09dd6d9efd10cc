/**
 * `/sw.js`: the agent app's service worker, served from the app's origin so its scope is the whole
 * app. It only shows Web Push (the payload's words are written by `jobs/send-push.ts`) and, on a
 * click, brings a tab of the app to the conversation (or opens one). Plain JavaScript, no build:
 * it is this small on purpose, and `no-cache` so a changed one is picked up at the next visit.
 */
import type { FastifyInstance } from 'fastify';

export const SERVICE_WORKER_JS = `'use strict';
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'Switchboard', {
      body: data.body || '',
      tag: data.tag || undefined,
      renotify: !!data.tag,
      data: { url: data.url || '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  event.waitUntil(
    (async () => {
      const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const tab = tabs.find((t) => new URL(t.url).origin === url.origin);
      if (tab) {
        // The app moves to the conversation without reloading.
        tab.postMessage({ type: 'switchboard:open', url: url.pathname + url.search });
        return tab.focus();
      }
      return self.clients.openWindow(url.href);
    })(),
  );
});
`;

export function serveServiceWorker(app: FastifyInstance): void {
  app.get('/sw.js', async (_req, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(SERVICE_WORKER_JS),
  );
}
