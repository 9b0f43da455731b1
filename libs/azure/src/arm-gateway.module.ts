import { DynamicModule, Module } from '@nestjs/common';
import { ARM_GATEWAY } from '@twinsite/core/ports/arm-gateway';
import { ARM_GATEWAY_OPTIONS, AzureArmGateway, AzureArmGatewayOptions } from './azure-arm-gateway';

export { ARM_GATEWAY };

/**
 * Provides the ARM gateway as `ARM_GATEWAY` (the port, what domain modules inject) and
 * as `AzureArmGateway` (call counts, circuit state, tests). Import it once: per-site
 * clients, circuits and bulkheads only protect a stamp if every caller shares them.
 * `forRoot(options)` adds options (resilience tuning, extra profiles, a call observer).
 */
@Module({
  providers: [AzureArmGateway, { provide: ARM_GATEWAY, useExisting: AzureArmGateway }],
  exports: [ARM_GATEWAY, AzureArmGateway],
})
export class ArmGatewayModule {
  static forRoot(options: AzureArmGatewayOptions = {}): DynamicModule {
    return {
      module: ArmGatewayModule,
      global: true,
      providers: [{ provide: ARM_GATEWAY_OPTIONS, useValue: options }],
      exports: [ARM_GATEWAY, AzureArmGateway],
    };
  }
}
