import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExponentialBackoff, IBackoff } from 'cockatiel';
import { Client, ClientConfig, Notification } from 'pg';
import { Gauge } from 'prom-client';
import { defer, finalize, Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { MetricsService } from '@twinsite/shared';
import { isEventType, PublishedEvent, TwinsiteEvent, TwinsiteEventType } from './event.types';
import { decodeNotifyPayload, encodeNotifyPayloads, isNotifyPayloadFrom } from './notify-payload';
import { sseFrames } from './sse';

export const EVENTS_CHANNEL = 'twinsite_events';

const FIRST_CONNECT_WAIT_MS = 5_000;
const PING_INTERVAL_MS = 30_000;

/**
 * The event stream of the whole deployment. Several controller instances share one
 * database, so an event published on one must reach the SSE clients of all:
 * `publish` sends it with `pg_notify`, and every instance LISTENs on a dedicated
 * connection (not one of the pool's, which are handed to other queries between
 * uses) and pushes what it hears into one Subject.
 *
 * The publishing instance delivers its own events to its subscribers at once
 * (synchronously, before the NOTIFY round trip), so they arrive even while its
 * listener is reconnecting; the copy that comes back through NOTIFY is dropped by
 * its origin id.
 *
 * While the listener is down (database restart, network), events from other
 * instances are missed; clients refetch state when they reconnect. The listener
 * reconnects with exponential backoff and decorrelated jitter, so instances that
 * lost the database together do not reconnect in lockstep.
 */
@Injectable()
export class EventsService implements OnModuleInit, OnModuleDestroy {
  readonly instanceId = randomUUID();
  /** Shows in pg_stat_activity; unique per instance so the listener backend can be told apart. */
  readonly listenerApplicationName = `twinsite-events:${this.instanceId.slice(0, 8)}`;

  private readonly logger = new Logger('events');
  private readonly subject = new Subject<TwinsiteEvent>();
  private readonly backoffFactory = new ExponentialBackoff({ initialDelay: 250, maxDelay: 10_000 });
  private backoff: IBackoff<unknown> | null = null;
  private listener: Client | null = null;
  private readonly lost = new WeakSet<Client>();
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private reconnects = 0;
  private sseClients = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  async onModuleInit(): Promise<void> {
    const isListening = () => this.isListening();
    const reconnects = () => this.reconnects;
    const sseClients = () => this.sseClients;
    new Gauge({
      name: 'twinsite_events_stream_clients',
      help: 'Clients connected to /api/v1/events on this instance',
      registers: [this.metrics.registry],
      collect() {
        this.set(sseClients());
      },
    });
    new Gauge({
      name: 'twinsite_events_listener_up',
      help: 'Whether this instance is LISTENing for the events of the other instances (1) or reconnecting (0)',
      registers: [this.metrics.registry],
      collect() {
        this.set(isListening() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'twinsite_events_listener_reconnects',
      help: 'Times the event listener lost its connection and started reconnecting',
      registers: [this.metrics.registry],
      collect() {
        this.set(reconnects());
      },
    });
    // An instance that reports itself started should also be hearing the others; a
    // database that is slow to answer must not block start-up forever, though.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.connect(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    // Completing ends every open SSE response, so the HTTP server can close.
    this.subject.complete();
    const listener = this.listener;
    this.listener = null;
    if (listener) {
      this.lost.add(listener);
      await listener.end().catch(() => undefined);
    }
  }

  /** Every event of every instance from now on (hot: nothing is replayed). */
  stream(): Observable<TwinsiteEvent> {
    return this.subject.asObservable();
  }

  /** The text of one SSE client's stream (see `sseFrames`), counted while it is subscribed. */
  sseStream(types: ReadonlySet<TwinsiteEventType> | null): Observable<string> {
    return defer(() => {
      this.sseClients++;
      return sseFrames(this.stream(), { types }).pipe(finalize(() => this.sseClients--));
    });
  }

  isListening(): boolean {
    return this.listener !== null;
  }

  /**
   * Publishes one event to all instances. Best effort: a database that is away is
   * logged, not thrown, so a state change that has committed is never reported as
   * failed because its notification could not go out. Call it after the commit.
   */
  publish(event: PublishedEvent): Promise<void> {
    return this.publishMany([event]);
  }

  /**
   * Many events in one round trip, in order (e.g. the alerts a site outage opens on
   * 10,000 pairs), packed several to a notification (see `encodeNotifyPayloads`).
   */
  async publishMany(events: readonly PublishedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const at = new Date().toISOString();
    const outgoing: TwinsiteEvent[] = [];
    for (const event of events) {
      if (!isEventType(event.type)) throw new RangeError(`unknown event type ${JSON.stringify(event.type)}`);
      if (!event.data || typeof event.data !== 'object') throw new RangeError('event data must be an object');
      outgoing.push({ id: randomUUID(), type: event.type, at, data: event.data as Record<string, unknown> });
    }
    const payloads = encodeNotifyPayloads(this.instanceId, outgoing);
    // What the other instances will parse, so every subscriber sees the same thing (dates as strings, say).
    for (const payload of payloads) {
      for (const event of decodeNotifyPayload(payload)!.events) this.subject.next(event);
    }
    try {
      // As one JSON array rather than a text[]: pg quotes a text[] element by element in JavaScript,
      // which cost more CPU than the rest of publishing 10,000 events together.
      await this.db.query(
        `SELECT pg_notify($1, payload) FROM json_array_elements_text($2::json) AS t(payload)`,
        [EVENTS_CHANNEL, JSON.stringify(payloads)],
      );
    } catch (error) {
      this.logger.warn(
        `could not send ${events.length} event(s) to the other instances: ${(error as Error).message}`,
      );
    }
  }

  private clientConfig(): ClientConfig {
    const options = this.db.options as any;
    return {
      connectionString: options.url,
      host: options.host,
      port: options.port,
      user: options.username,
      password: options.password,
      database: options.database,
      ssl: options.ssl,
      application_name: this.listenerApplicationName,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: 10_000,
    };
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = null;
    if (this.stopped) return;
    const client = new Client(this.clientConfig());
    // Always keep an error listener: an error event without one would crash the process.
    client.on('error', (error) => this.onLost(client, error));
    client.on('end', () => this.onLost(client));
    client.on('notification', (message) => this.onNotification(client, message));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      this.onLost(client, error as Error);
      return;
    }
    if (this.stopped || this.lost.has(client)) {
      this.lost.add(client);
      await client.end().catch(() => undefined);
      return;
    }
    if (this.backoff) this.logger.log('event listener reconnected');
    this.listener = client;
    this.backoff = null;
    this.startPing(client);
  }

  /** A half-open TCP connection looks alive until something is sent on it: ping to find out. */
  private startPing(client: Client): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      client.query('SELECT 1').catch((error) => this.onLost(client, error));
    }, PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  private onLost(client: Client, error?: Error): void {
    if (this.lost.has(client)) return;
    this.lost.add(client);
    client.end().catch(() => undefined);
    if (this.listener === client) {
      this.listener = null;
      if (this.pingTimer) clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
    if (this.stopped) return;
    this.reconnects++;
    this.backoff = (this.backoff ?? this.backoffFactory).next(undefined);
    const delay = this.backoff.duration;
    this.logger.warn(
      `event listener lost its connection${error ? ` (${error.message})` : ''}; reconnecting in ${Math.round(delay)} ms`,
    );
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
    this.reconnectTimer.unref();
  }

  private onNotification(client: Client, message: Notification): void {
    if (client !== this.listener || message.channel !== EVENTS_CHANNEL) return;
    if (isNotifyPayloadFrom(message.payload, this.instanceId)) return;
    const batch = decodeNotifyPayload(message.payload);
    if (!batch || batch.origin === this.instanceId) return;
    for (const event of batch.events) if (isEventType(event.type)) this.subject.next(event);
  }
}
