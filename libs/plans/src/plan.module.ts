import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApplicationModule } from '@twinsite/applications';
import { AuditModule } from '@twinsite/audit';
import { PairModule } from '@twinsite/replication';
import { SecretBox } from '@twinsite/shared';
import { PlanController } from './plan.controller';
import { PlanEntity, PlanPairEntity } from './plan.entity';
import { PlanService } from './plan.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PlanEntity, PlanPairEntity]),
    AuditModule,
    ApplicationModule,
    PairModule,
  ],
  controllers: [PlanController],
  providers: [PlanService, SecretBox],
  exports: [PlanService],
})
export class PlanModule {}
