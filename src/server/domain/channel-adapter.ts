import type { Db } from '../db/database.js';
import type { ChannelsTable, MessagesTable } from '../db/schema.js';
import type { Ctx } from './context.js';

/**
 * A channel adapter turns its wire format into `InboundMessage`s (calling recordInbound) and
 * delivers outbound messages. The domain declares it; each channel implements it and registers it
 * on the server's `Ctx` (`ctx.adapters`) at start. The API channel needs none (its integration reads
 * events).
 */
export interface ChannelAdapter {
  kind: ChannelsTable['kind'];
  /** Sends the message; returns the channel's id for it (e.g. the Message-ID). */
  deliver(ctx: Ctx, channel: ChannelsTable, message: MessagesTable): Promise<string | null>;
  /** Why the channel cannot send now (a `Held: …` text, e.g. no outgoing mail server), or null; reads inside the caller's transaction. */
  heldReason?(ctx: Ctx, channel: ChannelsTable, q: Db): Promise<string | null>;
  /** Closes the open connections of a visitor (or, key null, of every visitor of the channel) in every process. */
  disconnect?(channelId: string, visitorKey: string | null): void;
}

/** The adapters of one server, by kind. */
export type ChannelAdapters = Map<ChannelsTable['kind'], ChannelAdapter>;
