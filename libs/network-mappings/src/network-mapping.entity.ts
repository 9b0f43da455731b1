import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '@twinsite/shared';

export const IP_MODES = ['keep', 'map', 'dynamic'] as const;
export type IpMode = (typeof IP_MODES)[number];

export interface StaticIpMapping {
  sourceIp: string;
  targetIp: string;
}

export interface NsgMapping {
  sourceNsgId: string;
  targetNsgId: string;
  /** The NSG used in the isolated test network; none means the target NSG is not applied in tests. */
  testNsgId?: string;
}

export interface LoadBalancerMapping {
  sourceBackendPoolId: string;
  targetBackendPoolId: string;
}

@Entity('network_mappings')
export class NetworkMappingEntity extends VersionedEntity {
  @Column()
  name: string;

  @Column({ name: 'source_site_id', type: 'uuid' })
  sourceSiteId: string;

  @Column({ name: 'target_site_id', type: 'uuid' })
  targetSiteId: string;

  @Column({ name: 'source_subnet_id' })
  sourceSubnetId: string;

  @Column({ name: 'target_subnet_id' })
  targetSubnetId: string;

  /** The isolated subnet test failovers land in: never the production target subnet. */
  @Column({ name: 'test_subnet_id' })
  testSubnetId: string;

  @Column({ name: 'static_ips', type: 'jsonb' })
  staticIps: StaticIpMapping[];

  @Column({ name: 'ip_mode', type: 'text' })
  ipMode: IpMode;

  @Column({ type: 'jsonb' })
  nsgs: NsgMapping[];

  @Column({ name: 'load_balancers', type: 'jsonb' })
  loadBalancers: LoadBalancerMapping[];

  /** Allocate a public IP from the target stamp's pool for the failed-over VM. */
  @Column({ name: 'public_ip', type: 'boolean' })
  publicIp: boolean;
}
