/** Swedish: klockan och aviseringarna. */
import type { notifications as en } from '../en/notifications.js';

export const notifications: Record<keyof typeof en, string> = {
  'notify.bellLabel': '{count, plural, =0 {Aviseringar} one {Aviseringar, # oläst} other {Aviseringar, # olästa}}',
  'notify.title': 'Aviseringar',
  'notify.markAllRead': 'Markera alla som lästa',
  'notify.unread': 'Oläst:',
  'notify.emptyTitle': 'Du är ikapp',
  'notify.emptyText': 'Konversationer som tilldelas dig, @omnämnanden och nya meddelanden i dina konversationer visas här.',
  'notify.settings': 'Välj vad som når dig',
  'notify.loadMore': 'Visa äldre',
  'notify.more': '{count, plural, one {och # till om den här konversationen} other {och # till om den här konversationen}}',
};
