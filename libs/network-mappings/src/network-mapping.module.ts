import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@twinsite/audit';
import { SiteModule } from '@twinsite/sites';
import { NetworkMappingController } from './network-mapping.controller';
import { NetworkMappingEntity } from './network-mapping.entity';
import { NetworkMappingService } from './network-mapping.service';

@Module({
  imports: [TypeOrmModule.forFeature([NetworkMappingEntity]), AuditModule, SiteModule],
  controllers: [NetworkMappingController],
  providers: [NetworkMappingService],
  exports: [NetworkMappingService],
})
export class NetworkMappingModule {}
