import { CreateNetworkMappings1764205000000 } from './migrations/1764205000000-create-network-mappings';

export * from './network-mapping.entity';
export * from './network-mapping.module';
export * from './network-mapping.service';
export * from './network-mapping.rules';
export * from './dtos/network-mapping.response';
export const NETWORK_MAPPING_MIGRATIONS = [CreateNetworkMappings1764205000000];
