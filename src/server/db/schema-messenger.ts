/** Table types for Facebook Messenger channels (migrations 029, 032). */

/** Who a Page-scoped sender id is: the contact made with their first message, per channel. */
export interface MessengerSendersTable {
  channel_id: string;
  psid: string;
  contact_id: string;
  /** The picture's address as the User Profile answered it (the file itself is the contact's picture, migration 031). */
  profile_pic: string | null;
  /** When the User Profile was fetched (once); null until then. */
  profile_fetched_at: string | null;
  created_at: string;
}

/** A piece of a long reply the Send API accepted (migration 032): a retry sends only the others. */
export interface MessengerSentPiecesTable {
  message_id: string;
  /** Its place among the reply's pieces, from 0. */
  piece: number;
  mid: string | null;
  sent_at: string;
}

export interface MessengerTables {
  messenger_senders: MessengerSendersTable;
  messenger_sent_pieces: MessengerSentPiecesTable;
}
