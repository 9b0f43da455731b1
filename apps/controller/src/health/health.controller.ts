import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Access } from '@twinsite/shared';
import { MigrationsHealthIndicator } from './migrations.health';

@ApiTags('health')
@Controller()
@Access('public')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  /** The process is alive; says nothing about its dependencies, so an orchestrator does not restart it for a database outage. */
  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** Ready to serve: the database answers and every migration is applied. */
  @Get('readyz')
  @HealthCheck()
  readyz() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 1_500 }),
      () => this.migrations.check('migrations'),
    ]);
  }
}
