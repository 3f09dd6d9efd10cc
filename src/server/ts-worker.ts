import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module of ours: it loads the sources through tsx, whether
 * or not this process was started with it. Unref'd: it never keeps the process alive by itself.
 * `resourceLimits`: its V8 heap's sizes (Node's defaults otherwise).
 */
export function startTsWorker(entry: URL, workerData: Record<string, unknown> = {}, resourceLimits?: ResourceLimits): Worker {
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     import(workerData.tsx).then((t) => { t.register(); return import(workerData.entry); });`,
    { eval: true, execArgv: [], resourceLimits, workerData: { ...workerData, tsx: import.meta.resolve('tsx/esm/api'), entry: entry.href } },
  );
  worker.unref();
  return worker;
}
