import type { Ctx } from '../domain/context.js';
import type { StoredEvent } from '../events/events.js';
import { runBot } from './run.js';

/**
 * Runs the bot of a conversation that was created or heard from the visitor. One the event shows
 * without a bot (the conversation as committed: `isBot`) costs nothing, in every worker process.
 */
export function botSubscriber(ctx: Ctx) {
  return (e: StoredEvent): Promise<void> | void => {
    if (!e.conversationId) return;
    const p = e.payload as { message?: { kind?: string }; conversation?: { isBot?: boolean } };
    if (e.type === 'message.created' && p.message?.kind !== 'incoming') return;
    if (p.conversation?.isBot === false) return;
    return runBot(ctx, e.conversationId);
  };
}
