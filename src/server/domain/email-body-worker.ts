/** The email body worker's side (see email-body.ts): submitted HTML in, the sanitized body and its text out. */
import { serveWorkerJobs } from '../worker-pool.js';
import { emailBodyNow } from './email-body.js';

serveWorkerJobs(emailBodyNow);
