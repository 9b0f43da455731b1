import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createValidationPipe, HttpExceptionFilter } from '@twinsite/shared';
import { AppModule, AppModuleOptions } from './app.module';
import { runMigrations } from './database/migrate';
import { EtagExpressAdapter } from './http/etag-express-adapter';
import { setupOpenApi } from './openapi';
import { serveConsole } from './console/serve-console';

/**
 * Builds the controller: migrations first (under an advisory lock, so instances
 * starting together do not race), then the HTTP app. Used by main.ts and the tests.
 */
export async function createControllerApp(options: AppModuleOptions): Promise<INestApplication> {
  // ETags are set as Nest writes a handler's result (see EtagExpressAdapter), not by a
  // global interceptor: no request pays for an RxJS pipeline.
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(options),
    new EtagExpressAdapter(),
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useBodyParser('json', { limit: '1mb' });
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.enableShutdownHooks();
  await runMigrations(app.get<DataSource>(getDataSourceToken()));
  setupOpenApi(app);
  serveConsole(app, options.config.consoleDir);
  return app;
}
