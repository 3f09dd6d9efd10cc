/** English: the bell and its notifications. */
export const notifications = {
  'notify.bellLabel': '{count, plural, =0 {Notifications} one {Notifications, # unread} other {Notifications, # unread}}',
  'notify.title': 'Notifications',
  'notify.markAllRead': 'Mark all read',
  'notify.unread': 'Unread:',
  'notify.emptyTitle': 'You’re all caught up',
  'notify.emptyText': 'Conversations assigned to you, @mentions and new messages in your conversations show up here.',
  'notify.settings': 'Choose what reaches you',
  'notify.loadMore': 'Show older',
  'notify.more': '{count, plural, one {and # more about this conversation} other {and # more about this conversation}}',
};
