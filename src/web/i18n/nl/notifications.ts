/** Dutch: de bel en de meldingen. */
import type { notifications as en } from '../en/notifications.js';

export const notifications: Record<keyof typeof en, string> = {
  'notify.bellLabel': '{count, plural, =0 {Meldingen} one {Meldingen, # ongelezen} other {Meldingen, # ongelezen}}',
  'notify.title': 'Meldingen',
  'notify.markAllRead': 'Alles als gelezen markeren',
  'notify.unread': 'Ongelezen:',
  'notify.emptyTitle': 'Je bent helemaal bij',
  'notify.emptyText': 'Gesprekken die aan jou zijn toegewezen, @vermeldingen en nieuwe berichten in jouw gesprekken verschijnen hier.',
  'notify.settings': 'Kies wat je bereikt',
  'notify.loadMore': 'Oudere tonen',
  'notify.more': '{count, plural, one {en nog # over dit gesprek} other {en nog # over dit gesprek}}',
};
