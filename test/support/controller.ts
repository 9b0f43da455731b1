import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AzureArmGatewayOptions } from '@twinsite/azure';
import { loadConfig, TwinsiteConfig } from '@twinsite/shared';
import { createControllerApp } from '../../apps/controller/src/bootstrap';

export const ADMIN_TOKEN = 'tws_test-admin-token-0123456789abcdef';

/** Collects the controller's JSON log lines, so that tests can search them (for secrets, say). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface TestController {
  app: INestApplication;
  url: string;
  config: TwinsiteConfig;
  logs: LogCapture;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface StartOptions {
  databaseUrl: string;
  secretKey?: string;
  env?: Record<string, string>;
  armGateway?: AzureArmGatewayOptions;
}

/** The real controller, on a real port, against a real PostgreSQL database. */
export async function startController(options: StartOptions): Promise<TestController> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twinsite-ctl-'));
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl,
    TWINSITE_ADMIN_TOKEN: ADMIN_TOKEN,
    TWINSITE_SECRET_KEY: options.secretKey ?? TEST_SECRET_KEY,
    TWINSITE_DATA_DIR: dataDir,
    TWINSITE_SCHEDULERS: 'false',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    ...options.env,
  });
  const logs = new LogCapture();
  const app = await createControllerApp({
    config,
    databaseUrl: options.databaseUrl,
    logStream: logs,
    armGateway: options.armGateway ?? FAST_ARM,
  });
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url: url.replace('[::1]', '127.0.0.1'),
    config,
    logs,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Gateway timings small enough for tests; the behaviour is the production one. */
export const FAST_ARM: AzureArmGatewayOptions = {
  resilience: { initialDelayMs: 50, maxDelayMs: 500, maxRetries: 6, breakerThreshold: 3, halfOpenAfterMs: 1000, requestTimeoutMs: 3000 },
  lroPollIntervalMs: 100,
  provisioningPollMs: 100,
};

export const TEST_SECRET_KEY = crypto.createHash('sha256').update('twinsite-tests').digest('hex');

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const admin = bearer(ADMIN_TOKEN);
