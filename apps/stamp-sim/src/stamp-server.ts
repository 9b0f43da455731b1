import { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import { Socket } from 'node:net';
import { ArmRouter } from './arm-router';
import { handleArmRequest } from './arm-pipeline';
import { Faults } from './faults';
import { sendJson } from './http-util';
import { Stamp } from './stamp';
import { TlsMaterial } from './tls';

// The two listeners of one stamp. The ARM port is the one faults act on: `down:
// refuse` closes it (connections are refused), `down: hang` keeps requests unanswered.
// The admin port serves only /_sim and never goes down, so a test can always bring the
// stamp back.

export type AdminHandler = (stamp: Stamp, req: IncomingMessage, res: ServerResponse) => Promise<void>;

export class StampServer {
  private readonly arm: https.Server;
  private readonly admin: https.Server;
  private readonly armSockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private armListening = false;

  constructor(
    private readonly stamp: Stamp,
    router: ArmRouter,
    tls: TlsMaterial,
    private readonly host: string,
    adminHandler: AdminHandler,
  ) {
    const options: https.ServerOptions = { key: tls.keyPem, cert: tls.certPem, keepAlive: true };
    const hooks = {
      hang: (_req: IncomingMessage, res: ServerResponse) => {
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
      },
    };
    this.arm = https.createServer(options, (req, res) => {
      const task = (req.url ?? '').startsWith('/_sim')
        ? adminHandler(stamp, req, res)
        : handleArmRequest(stamp, router, hooks, req, res);
      task.catch((error) => {
        console.error('[stamp-sim] request failed', error);
        sendJson(res, 500, { error: { code: 'InternalServerError', message: String(error) } });
      });
    });
    this.arm.keepAliveTimeout = 30_000;
    // TLS sockets, not raw ones: only they know which response they are carrying.
    this.arm.on('secureConnection', (socket: Socket) => {
      this.armSockets.add(socket);
      socket.on('close', () => this.armSockets.delete(socket));
    });
    // TLS handshakes that fail (a client that does not trust the CA) are the client's problem.
    this.arm.on('tlsClientError', () => undefined);

    this.admin = https.createServer(options, (req, res) => {
      if (!(req.url ?? '').startsWith('/_sim')) {
        sendJson(res, 404, { error: { code: 'NotFound', message: 'The admin port serves /_sim only.' } });
        return;
      }
      adminHandler(stamp, req, res).catch((error) => {
        console.error('[stamp-sim] admin request failed', error);
        sendJson(res, 500, { error: { code: 'InternalServerError', message: String(error) } });
      });
    });
    this.admin.on('tlsClientError', () => undefined);
    stamp.listener = { applyDown: (mode) => this.applyDown(mode) };
  }

  async start(port: number, adminPort: number): Promise<void> {
    this.stamp.port = await listen(this.arm, port, this.host);
    this.armListening = true;
    this.stamp.adminPort = await listen(this.admin, adminPort, this.host);
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    this.stamp.url = `https://${host}:${this.stamp.port}`;
    this.stamp.adminUrl = `https://${host}:${this.stamp.adminPort}`;
  }

  private async applyDown(mode: Faults['down']): Promise<void> {
    if (mode !== 'hang') this.releaseHung();
    if (mode === 'refuse' && this.armListening) {
      this.armListening = false;
      const closed = new Promise<void>((resolve) => this.arm.close(() => resolve()));
      // The request that set the fault may be riding one of these sockets: let it answer first.
      for (const socket of this.armSockets) {
        const current = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
        if (current && !current.writableEnded) current.on('finish', () => socket.destroy());
        else socket.destroy();
      }
      void closed;
    } else if (mode !== 'refuse' && !this.armListening) {
      await listen(this.arm, this.stamp.port, this.host);
      this.armListening = true;
    }
  }

  private releaseHung(): void {
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }

  async stop(): Promise<void> {
    this.releaseHung();
    const closeServer = (server: https.Server) =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    for (const socket of this.armSockets) socket.destroy();
    await Promise.all([closeServer(this.arm), closeServer(this.admin)]);
    this.armListening = false;
  }
}

function listen(server: https.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
