import type { NetworkInterface } from '@azure/arm-network';
import { powerStateOf, sortRecoveryPoints, toRecoveryPoint, toVmInfo } from './inventory';

const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';

describe('inventory mapping', () => {
  it('reads the power state from the instance view', () => {
    expect(
      powerStateOf({
        statuses: [{ code: 'ProvisioningState/succeeded' }, { code: 'PowerState/deallocated' }],
      }),
    ).toBe('deallocated');
    expect(powerStateOf({ statuses: [{ code: 'ProvisioningState/failed' }] })).toBe('unknown');
    expect(powerStateOf(undefined)).toBe('unknown');
  });

  it('maps a VM with its NICs, private IPs and disks in LUN order', () => {
    const nicId = `${SUB}/resourceGroups/RG1/providers/Microsoft.Network/networkInterfaces/nic1`;
    const nics = new Map<string, NetworkInterface>([
      [nicId.toLowerCase(), { id: nicId, ipConfigurations: [{ privateIPAddress: '10.0.0.4' }] }],
    ]);
    const vm = toVmInfo(
      {
        id: `${SUB}/resourceGroups/RG1/providers/Microsoft.Compute/virtualMachines/vm1`,
        name: 'vm1',
        location: 'east',
        hardwareProfile: { vmSize: 'Standard_D2_v2' },
        storageProfile: {
          osDisk: { osType: 'Linux', createOption: 'Attach', managedDisk: { id: 'os' } },
          dataDisks: [
            { lun: 1, createOption: 'Attach', managedDisk: { id: 'd1' } },
            { lun: 0, createOption: 'Attach', managedDisk: { id: 'd0' } },
          ],
        },
        networkProfile: { networkInterfaces: [{ id: nicId.toUpperCase() }] },
        tags: { app: 'shop' },
      },
      'running',
      nics,
    );
    expect(vm).toMatchObject({
      resourceGroup: 'RG1',
      size: 'Standard_D2_v2',
      osType: 'Linux',
      powerState: 'running',
      privateIps: ['10.0.0.4'],
      osDiskId: 'os',
      dataDiskIds: ['d0', 'd1'],
      diskIds: ['os', 'd0', 'd1'],
      tags: { app: 'shop' },
    });
  });

  it('takes only tagged snapshots as recovery points, newest first', () => {
    const snap = (name: string, tags?: Record<string, string>) => ({
      id: `${SUB}/resourceGroups/replica/providers/Microsoft.Compute/snapshots/${name}`,
      name,
      location: 'west',
      tags,
    });
    const points = [
      snap('untagged'),
      snap('old', {
        'twinsite-source-resource': '/vm1',
        'twinsite-recovery-point': '2025-01-01T00:00:00Z',
        'twinsite-disk-role': 'os',
      }),
      snap('new', {
        'twinsite-source-resource': '/vm1',
        'twinsite-recovery-point': '2025-01-01T00:05:00Z',
        'twinsite-disk-role': 'data-0',
      }),
      snap('bad-time', { 'twinsite-source-resource': '/vm1', 'twinsite-recovery-point': 'yesterday' }),
    ]
      .map(toRecoveryPoint)
      .filter((p) => p !== undefined);
    expect(sortRecoveryPoints(points).map((p) => [p.snapshotName, p.diskRole, p.recoveryPointAt])).toEqual([
      ['new', 'data-0', '2025-01-01T00:05:00.000Z'],
      ['old', 'os', '2025-01-01T00:00:00.000Z'],
    ]);
  });
});
