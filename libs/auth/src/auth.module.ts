import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@twinsite/audit';
import { ApiTokenController } from './api-token.controller';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokenService } from './api-token.service';
import { AuthGuard } from './auth.guard';

@Module({
  imports: [TypeOrmModule.forFeature([ApiTokenEntity]), AuditModule],
  controllers: [ApiTokenController],
  providers: [ApiTokenService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiTokenService],
})
export class AuthModule {}
