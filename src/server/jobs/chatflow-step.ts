import { runBot } from '../bots/run.js';
import { BOT_STEP_JOB } from '../domain/bot-sessions.js';
import { defineJob } from './define.js';

/** `chatflow-step`: the safety net of a bot conversation (a process that stopped mid-flow) and a question's timeout. */
export const chatflowStepJob = defineJob({ ...BOT_STEP_JOB, handle: (ctx, p) => runBot(ctx, p.conversationId) });
