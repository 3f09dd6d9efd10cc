// A separate process sending hostile input, as an attacker on another machine would: its own CPU
// work (building, encoding and sending megabytes) never runs on the server's event loop. Reads a
// JSON list of jobs as the first line on stdin and answers "ready"; on the next line ("go") runs
// them all at once (or one after the other) and writes their results as JSON on stdout.
import readline from 'node:readline';
import nodemailer from 'nodemailer';

async function smtp({ port, to, raw }) {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 60_000,
    socketTimeout: 300_000,
  });
  try {
    const info = await t.sendMail({ envelope: { from: 'attacker@example.net', to: [to] }, raw });
    return { ok: true, response: info.response };
  } catch (err) {
    return { ok: false, code: err.responseCode, response: err.response ?? err.message };
  } finally {
    t.close();
  }
}

async function http({ url, method, path, body, cookie }) {
  const res = await fetch(url + path, {
    method,
    headers: { origin: url, cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text itself
  }
  return { status: res.status, body: parsed };
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
const { jobs, oneByOne } = JSON.parse((await lines.next()).value);
process.stdout.write('ready\n');
await lines.next();
const run = (j) => (j.smtp ? smtp(j.smtp) : http(j.http));
const results = [];
if (oneByOne) for (const j of jobs) results.push(await run(j));
else results.push(...(await Promise.all(jobs.map(run))));
process.stdout.write(JSON.stringify(results));
