import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@twinsite/audit';
import { SecretBox } from '@twinsite/shared';
import { SiteController } from './site.controller';
import { SiteEntity } from './site.entity';
import { SiteArmService } from './site-arm.service';
import { SiteService } from './site.service';

@Module({
  imports: [TypeOrmModule.forFeature([SiteEntity]), AuditModule],
  controllers: [SiteController],
  providers: [SiteService, SiteArmService, SecretBox],
  exports: [SiteService],
})
export class SiteModule {}
