import type { ChannelsTable, MessagesTable } from '../db/schema.js';
import type { Ctx } from '../domain/context.js';

/**
 * A channel adapter turns its wire format into `InboundMessage`s (calling recordInbound) and
 * delivers outbound messages. Registered here by kind; the API channel needs none (its
 * integration reads events).
 */
export interface ChannelAdapter {
  kind: ChannelsTable['kind'];
  /** Sends the message; returns the channel's id for it (e.g. the Message-ID). */
  deliver(ctx: Ctx, channel: ChannelsTable, message: MessagesTable): Promise<string | null>;
}

const adapters = new Map<ChannelsTable['kind'], ChannelAdapter>();

export function registerAdapter(a: ChannelAdapter): void {
  adapters.set(a.kind, a);
}

export function adapterFor(kind: ChannelsTable['kind']): ChannelAdapter | undefined {
  return adapters.get(kind);
}
