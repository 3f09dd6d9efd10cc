/**
 * A private nginx (Debian's package, /usr/sbin/nginx) in front of several server processes: its config in a
 * temp folder, listening on 127.0.0.1, round robin over the upstreams (no sticky sessions), WebSocket
 * upgrades passed through, and a dead upstream passed over (`proxy_next_upstream error timeout`).
 * Missing nginx skips the suite, unless REQUIRE_NGINX=1 or REQUIRE_ALL=1 makes that a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** Why nginx cannot run here, or null; throws when the environment demands it. */
export function nginxMissing(): string | null {
  if (fs.existsSync(NGINX)) return null;
  const msg = `nginx is not installed at ${NGINX}`;
  if (process.env.REQUIRE_ALL === '1' || process.env.REQUIRE_NGINX === '1')
    throw new Error(`${msg} (required by ${process.env.REQUIRE_ALL === '1' ? 'REQUIRE_ALL' : 'REQUIRE_NGINX'}=1)`);
  console.log(`# SKIPPED: ${msg}; apt-get install nginx`);
  return msg;
}

export interface Nginx {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

function config(dir: string, port: number, upstreams: number[]): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream switchboard {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 30m;
    location / {
      proxy_pass http://switchboard;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
      proxy_buffering off;
    }
  }
}
`;
}

/** Starts nginx on `port` (127.0.0.1) in front of the processes listening on `upstreams` (127.0.0.1). */
export async function startNginx(port: number, upstreams: number[]): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-nginx-'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config(dir, port, upstreams));
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // Ready once the port takes connections.
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${err}`);
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), r(true)));
      s.once('error', () => r(false));
    });
    if (ok) break;
    if (Date.now() > end) throw new Error(`nginx did not listen on ${port}: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
