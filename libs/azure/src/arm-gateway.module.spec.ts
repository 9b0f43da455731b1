import { Test } from '@nestjs/testing';
import { ARM_GATEWAY, ArmGateway } from '@twinsite/core/ports/arm-gateway';
import { ArmGatewayModule } from './arm-gateway.module';
import { AzureArmGateway } from './azure-arm-gateway';

describe('ArmGatewayModule', () => {
  it('provides one gateway under the port token and as the class', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ArmGatewayModule] }).compile();
    const port = moduleRef.get<ArmGateway>(ARM_GATEWAY);
    expect(port).toBeInstanceOf(AzureArmGateway);
    expect(moduleRef.get(AzureArmGateway)).toBe(port);
    await moduleRef.close();
  });

  it('passes options given to forRoot to the gateway', async () => {
    const calls: unknown[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [
        ArmGatewayModule.forRoot({ onArmCall: (e) => calls.push(e), resilience: { concurrency: 2 } }),
      ],
    }).compile();
    const gateway = moduleRef.get(AzureArmGateway);
    expect(gateway).toBe(moduleRef.get(ARM_GATEWAY));
    expect(gateway.options.resilience).toEqual({ concurrency: 2 });
    expect(gateway.callCount).toBe(0);
    await moduleRef.close();
  });
});
