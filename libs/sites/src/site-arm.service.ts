import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ARM_GATEWAY, ArmGateway, ArmOperationError, SiteInventory, SiteProbe, SiteUnreachableError } from '@twinsite/core';
import { AppException } from '@twinsite/shared';
import { SiteService } from './site.service';

/** What Twinsite can see of a site through ARM: reachability and the resources there. */
@Injectable()
export class SiteArmService {
  constructor(
    private readonly sites: SiteService,
    @Inject(ARM_GATEWAY) private readonly gateway: ArmGateway,
  ) {}

  async probe(siteId: string): Promise<SiteProbe> {
    return this.gateway.probe(await this.sites.connection(siteId));
  }

  async inventory(siteId: string): Promise<SiteInventory> {
    const connection = await this.sites.connection(siteId);
    try {
      return await this.gateway.inventory(connection);
    } catch (error) {
      throw armFailure(siteId, error);
    }
  }
}

/** A stamp that cannot be reached is a 502 with a stable code, not a 500: it is the stamp's state, not ours. */
export function armFailure(siteId: string, error: unknown): unknown {
  if (error instanceof SiteUnreachableError) {
    return new AppException(HttpStatus.BAD_GATEWAY, 'site-unreachable', error.message, { siteId, reason: error.reason });
  }
  if (error instanceof ArmOperationError) {
    return new AppException(HttpStatus.BAD_GATEWAY, 'arm-error', error.message, { siteId, armCode: error.code, status: error.status });
  }
  return error;
}
