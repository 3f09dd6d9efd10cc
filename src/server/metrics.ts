import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What `/metrics` shows (Prometheus text format), one registry per process: Node's own figures
 * (event-loop lag, memory, GC, CPU) and Switchboard's counters. The modules that do the work
 * move them (HTTP hooks, the SMTP receiver, the job worker, the stream and widget sockets);
 * the job queue's depth is read from the database when `/metrics` is asked (`http/metrics.ts`).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

export const metrics = {
  httpRequests: new Histogram({
    name: 'switchboard_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route pattern and status code, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.025, 0.1, 0.5, 2.5, 10],
    registers: [registry],
  }),
  smtpSessionsOpen: new Gauge({
    name: 'switchboard_smtp_sessions_open',
    help: 'SMTP connections the built-in receiver holds now',
    registers: [registry],
  }),
  smtpSessions: new Counter({
    name: 'switchboard_smtp_sessions_total',
    help: 'SMTP connections the built-in receiver accepted',
    registers: [registry],
  }),
  mailAccepted: new Counter({
    name: 'switchboard_smtp_messages_accepted_total',
    help: 'Messages the built-in SMTP receiver stored and answered 250 to',
    registers: [registry],
  }),
  mailRefused: new Counter({
    name: 'switchboard_smtp_messages_refused_total',
    help: 'Messages the built-in SMTP receiver refused, by reply code (452/552 too big, 451 not stored)',
    labelNames: ['code'] as const,
    registers: [registry],
  }),
  jobQueueDepth: new Gauge({
    name: 'switchboard_job_queue_depth',
    help: 'Jobs waiting or running, by kind (due: run time reached)',
    labelNames: ['kind', 'due'] as const,
    registers: [registry],
  }),
  jobFailures: new Counter({
    name: 'switchboard_job_failures_total',
    help: 'Job runs that failed in this process, by kind; final="true" when the job is given up',
    labelNames: ['kind', 'final'] as const,
    registers: [registry],
  }),
  jobsFailed: new Gauge({
    name: 'switchboard_jobs_failed',
    help: 'Jobs given up (status failed) still in the jobs table',
    registers: [registry],
  }),
  replicaLag: new Gauge({
    name: 'switchboard_read_replica_lag_bytes',
    help: 'WAL the read replica (DATABASE_READ_URL) has yet to replay, in bytes; -1 while it does not answer (reads then go to the primary), 0 without one',
    registers: [registry],
  }),
  streamSockets: new Gauge({
    name: 'switchboard_stream_sockets',
    help: "Agents' open realtime stream sockets in this process",
    registers: [registry],
  }),
  widgetSockets: new Gauge({
    name: 'switchboard_widget_sockets',
    help: "Chat widget visitors' open sockets in this process",
    registers: [registry],
  }),
};
