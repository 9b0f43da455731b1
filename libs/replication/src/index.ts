import { CreatePairs1764204000000 } from './migrations/1764204000000-create-pairs';

export * from './pair.entity';
export * from './pair.module';
export * from './pair.service';
export * from './lag-source';
export * from './dtos/pair.response';
export * from './dtos/lag-source.dto';
export * from './dtos/pair-target.dto';
export const REPLICATION_MIGRATIONS = [CreatePairs1764204000000];
