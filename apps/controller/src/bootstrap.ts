import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createValidationPipe, EtagInterceptor, HttpExceptionFilter } from '@twinsite/shared';
import { AppModule, AppModuleOptions } from './app.module';
import { runMigrations } from './database/migrate';
import { setupOpenApi } from './openapi';
import { serveConsole } from './console/serve-console';

/**
 * Builds the controller: migrations first (under an advisory lock, so instances
 * starting together do not race), then the HTTP app. Used by main.ts and the tests.
 */
export async function createControllerApp(options: AppModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalInterceptors(new EtagInterceptor());
  app.useBodyParser('json', { limit: '1mb' });
  app.set('etag', false);
  app.set('x-powered-by', false);
  app.enableShutdownHooks();
  await runMigrations(app.get<DataSource>(getDataSourceToken()));
  setupOpenApi(app);
  serveConsole(app, options.config.consoleDir);
  return app;
}
