import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';

/** open: something listens. refused: the host answered, nothing listens. unreachable: no answer at all. */
export type TcpOutcome = 'open' | 'refused' | 'unreachable';

export function probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: TcpOutcome) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => done('unreachable'));
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'ECONNREFUSED' ? 'refused' : 'unreachable'),
    );
  });
}

export interface HttpOutcome {
  ok: boolean;
  /** Whether anything answered at all (a status, or a refused connection). */
  reached: boolean;
  detail: string;
}

/** GET; healthy is any status below 400. Port 443 speaks HTTPS (certificates are not checked: this asks "is it up"). */
export function probeHttp(host: string, port: number, path: string, timeoutMs: number): Promise<HttpOutcome> {
  const secure = port === 443;
  return new Promise((resolve) => {
    const req = (secure ? https : http).request(
      {
        host,
        port,
        path,
        method: 'GET',
        timeout: timeoutMs,
        ...(secure ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ ok: status > 0 && status < 400, reached: true, detail: `HTTP ${status}` });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        reached: error.code === 'ECONNREFUSED',
        detail:
          error.code === 'ECONNREFUSED' ? 'connection refused' : `no answer (${error.code ?? error.message})`,
      }),
    );
    req.end();
  });
}
