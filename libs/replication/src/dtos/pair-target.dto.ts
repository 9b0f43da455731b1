import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsArmId, IsIPv4 } from '@twinsite/shared';
import { IsResourceGroupName, OnlyWith } from './validators';

export const TARGET_MODES = ['from-recovery-point', 'standby'] as const;
export type TargetMode = (typeof TARGET_MODES)[number];

/** Where and how the replica runs at the target site when the pair fails over. */
export class PairTargetDto {
  @ApiProperty({ example: 'rg-payments-dr' })
  @IsResourceGroupName()
  resourceGroup: string;

  @ApiPropertyOptional({
    example: 'Standard_D2_v2',
    description: 'default: the source VM size (checked at the target before a failover)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'vmSize must be a VM size name like Standard_D2_v2' })
  vmSize?: string;

  @ApiPropertyOptional({ example: '10.20.0.4' })
  @IsOptional()
  @IsIPv4()
  staticIp?: string;

  @ApiPropertyOptional({ description: 'name of the VM at the target (default: the source VM name)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$|^[A-Za-z0-9]$/, {
    message:
      'name must be a VM name: 1-64 letters, digits, _ . -, starting with a letter or digit and not ending in . or -',
  })
  name?: string;

  @ApiPropertyOptional({ enum: TARGET_MODES, default: 'from-recovery-point' })
  @IsOptional()
  @IsIn(TARGET_MODES)
  mode?: TargetMode;

  @ApiPropertyOptional({ description: 'the pre-provisioned VM at the target (mode "standby" only)' })
  @IsOptional()
  @OnlyWith('mode', 'standby')
  @IsArmId('Microsoft.Compute/virtualMachines')
  standbyVmId?: string;
}

/** The stored form: `mode` always set. */
export interface PairTarget {
  resourceGroup: string;
  vmSize?: string;
  staticIp?: string;
  name?: string;
  mode: TargetMode;
  standbyVmId?: string;
}
