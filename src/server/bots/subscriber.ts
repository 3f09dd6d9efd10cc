import type { Ctx } from '../domain/context.js';
import type { StoredEvent } from '../events/events.js';
import { runBot } from './run.js';

/** Runs the bot of a conversation that was created or heard from the visitor; one without a bot costs one read. */
export function botSubscriber(ctx: Ctx) {
  return (e: StoredEvent): Promise<void> | void => {
    if (!e.conversationId) return;
    if (e.type === 'message.created' && (e.payload as { message?: { kind?: string } }).message?.kind !== 'incoming') return;
    return runBot(ctx, e.conversationId);
  };
}
