import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsDatabaseUrl, IsResourceGroupName } from './validators';

export const LAG_SOURCE_KINDS = ['agent', 'arm-snapshot', 'postgres', 'mysql'] as const;
export type LagSourceKind = (typeof LAG_SOURCE_KINDS)[number];
/** Kinds whose settings include write-only database URLs. */
export const DATABASE_LAG_SOURCE_KINDS: readonly LagSourceKind[] = ['postgres', 'mysql'];

/** What an unknown `kind` is read as: only the kind is checked, and it is refused. */
export class LagSourceDto {
  @ApiProperty({ enum: LAG_SOURCE_KINDS })
  @IsIn(LAG_SOURCE_KINDS, { message: `kind must be one of ${LAG_SOURCE_KINDS.join(', ')}` })
  kind: LagSourceKind;
}

export class AgentLagSourceDto {
  @ApiProperty({ enum: ['agent'] })
  @IsIn(['agent'])
  kind: 'agent';
}

export class ArmSnapshotLagSourceDto {
  @ApiProperty({ enum: ['arm-snapshot'] })
  @IsIn(['arm-snapshot'])
  kind: 'arm-snapshot';

  @ApiPropertyOptional({
    description:
      'only recovery-point snapshots in this resource group of the target site count (default: any resource group of the target subscription; snapshots are matched by their source-resource tag)',
  })
  @IsOptional()
  @IsResourceGroupName()
  resourceGroup?: string;
}

export class PostgresLagSourceDto {
  @ApiProperty({ enum: ['postgres'] })
  @IsIn(['postgres'])
  kind: 'postgres';

  @ApiProperty({ writeOnly: true, example: 'postgres://monitor:***@db-a.contoso.local:5432/app' })
  @IsDefined()
  @IsDatabaseUrl(['postgres', 'postgresql'])
  primaryUrl: string;

  @ApiProperty({ writeOnly: true, example: 'postgres://monitor:***@db-b.contoso.local:5432/app' })
  @IsDefined()
  @IsDatabaseUrl(['postgres', 'postgresql'])
  replicaUrl: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  heartbeatIntervalSeconds?: number;
}

export class MysqlLagSourceDto {
  @ApiProperty({ enum: ['mysql'] })
  @IsIn(['mysql'])
  kind: 'mysql';

  @ApiProperty({ writeOnly: true, example: 'mysql://monitor:***@db-a.contoso.local:3306/app' })
  @IsDefined()
  @IsDatabaseUrl(['mysql', 'mariadb'])
  primaryUrl: string;

  @ApiProperty({ writeOnly: true, example: 'mysql://monitor:***@db-b.contoso.local:3306/app' })
  @IsDefined()
  @IsDatabaseUrl(['mysql', 'mariadb'])
  replicaUrl: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  heartbeatIntervalSeconds?: number;
}

/**
 * On update the stored URLs are kept when the kind stays the same and the client
 * leaves them out (it can never read them back to resend them).
 */
export class UpdatePostgresLagSourceDto extends PartialType(PostgresLagSourceDto) {}
export class UpdateMysqlLagSourceDto extends PartialType(MysqlLagSourceDto) {}

export type LagSourceInput =
  | AgentLagSourceDto
  | ArmSnapshotLagSourceDto
  | PostgresLagSourceDto
  | MysqlLagSourceDto;
export type LagSourceUpdateInput =
  | AgentLagSourceDto
  | ArmSnapshotLagSourceDto
  | UpdatePostgresLagSourceDto
  | UpdateMysqlLagSourceDto;

export const LAG_SOURCE_DISCRIMINATOR = {
  property: 'kind',
  subTypes: [
    { name: 'agent', value: AgentLagSourceDto },
    { name: 'arm-snapshot', value: ArmSnapshotLagSourceDto },
    { name: 'postgres', value: PostgresLagSourceDto },
    { name: 'mysql', value: MysqlLagSourceDto },
  ],
};

export const LAG_SOURCE_UPDATE_DISCRIMINATOR = {
  property: 'kind',
  subTypes: [
    { name: 'agent', value: AgentLagSourceDto },
    { name: 'arm-snapshot', value: ArmSnapshotLagSourceDto },
    { name: 'postgres', value: UpdatePostgresLagSourceDto },
    { name: 'mysql', value: UpdateMysqlLagSourceDto },
  ],
};
