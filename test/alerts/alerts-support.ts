import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { admin, TestController } from '../support/controller';

/** Helpers shared by the alerts, webhooks, events and reports suites. */

export async function issueToken(
  ctl: TestController,
  role: 'viewer' | 'operator' | 'admin',
  name = `${role}-${crypto.randomBytes(3).toString('hex')}`,
) {
  const res = await ctl.http().post('/api/v1/tokens').set(admin).send({ name, role }).expect(201);
  return { token: res.body.token as string, name };
}

export const uuid = () => crypto.randomUUID();

export interface SseEvent {
  type: string;
  id?: string;
  data: any;
}

/** A server-sent-events client on `fetch`, as a script (or the console's EventSource) would use the stream. */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  status = 0;
  ended = false;
  private readonly abort = new AbortController();
  private buffer = '';
  private done: Promise<void> = Promise.resolve();

  private constructor(readonly url: string) {}

  /** Connects and waits for the stream's `: connected` comment (the subscription is then live). */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient(url);
    const response = await fetch(url, {
      headers: { Accept: 'text/event-stream', ...headers },
      signal: client.abort.signal,
    });
    client.status = response.status;
    if (response.status !== 200)
      throw Object.assign(new Error(`SSE ${response.status}: ${await response.text()}`), {
        status: response.status,
      });
    client.done = client.pump(response);
    await client.waitForComment('connected');
    return client;
  }

  private async pump(response: Response): Promise<void> {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) !== -1) {
          this.parse(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
    }
  }

  private parse(block: string): void {
    let type = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) this.events.push({ type, id, data: JSON.parse(data.join('\n')) });
  }

  async waitFor(predicate: (e: SseEvent) => boolean, timeoutMs = 15_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.ended)
        throw new Error(
          `stream ended without the event; got ${JSON.stringify(this.events.map((e) => e.type))}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `no such event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => [e.type, e.data]))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async waitForComment(text: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.comments.includes(text)) {
      if (this.ended || Date.now() > deadline)
        throw new Error(`no "${text}" comment; got ${JSON.stringify(this.comments)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Resolves when the server ends the stream. */
  finished(): Promise<void> {
    return this.done;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  json: any;
}

/** A local HTTP endpoint that records what it receives and answers with the statuses it is told to. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private statuses: number[] = [];
  private server!: http.Server;
  private port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(rawBody);
        } catch {
          // recorded as it came
        }
        receiver.requests.push({ path: req.url ?? '/', headers: req.headers, rawBody, json });
        const status = receiver.statuses.length > 0 ? receiver.statuses.shift()! : 200;
        res
          .writeHead(status, { 'Content-Type': 'text/plain' })
          .end(status < 300 ? 'ok' : `receiver says no (${status})`);
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next answers, in order; 200 after they run out. */
  respondWith(...statuses: number[]): void {
    this.statuses.push(...statuses);
  }

  on(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
