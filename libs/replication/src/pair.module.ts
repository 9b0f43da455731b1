import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationModule } from '@twinsite/applications';
import { AuditModule } from '@twinsite/audit';
import { AuthModule } from '@twinsite/auth';
import { SecretBox } from '@twinsite/shared';
import { SiteModule } from '@twinsite/sites';
import { PairController } from './pair.controller';
import { PairEntity } from './pair.entity';
import { PairService } from './pair.service';

@Module({
  imports: [TypeOrmModule.forFeature([PairEntity]), AuditModule, AuthModule, ApplicationModule, SiteModule],
  controllers: [PairController],
  providers: [PairService, SecretBox],
  exports: [PairService],
})
export class PairModule {}
