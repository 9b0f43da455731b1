import * as fs from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';

/**
 * The console is a static single-page app built into dist/console. Any GET that is
 * not the API, docs, health or metrics falls back to its index.html so that deep
 * links work.
 */
export function serveConsole(app: INestApplication, configuredDir: string | null): void {
  const dir = configuredDir ?? path.resolve('dist/console');
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return;
  const http = app.getHttpAdapter().getInstance();
  const assets = express.static(dir, { index: false, maxAge: '1h' });
  // The API is the hot path: it must not pay a file-system lookup per request.
  const isApi = (req: Request) => /^\/(api|healthz|readyz|metrics)(\/|$)/.test(req.path);
  http.use((req: Request, res: Response, next: NextFunction) =>
    isApi(req) ? next() : assets(req, res, next),
  );
  http.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || isApi(req)) return next();
    res.sendFile(index);
  });
}
