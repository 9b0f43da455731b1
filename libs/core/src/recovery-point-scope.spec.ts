import { recoveryPointResourceGroup } from './recovery-point-scope';

describe('recoveryPointResourceGroup', () => {
  it('is the resource group an arm-snapshot lag source names', () => {
    expect(recoveryPointResourceGroup('arm-snapshot', { resourceGroup: 'replica-rg' })).toBe('replica-rg');
  });

  it('is the whole subscription when the arm-snapshot lag source names none, as the lag source counts them', () => {
    expect(recoveryPointResourceGroup('arm-snapshot', {})).toBeUndefined();
    expect(recoveryPointResourceGroup('arm-snapshot', null)).toBeUndefined();
    expect(recoveryPointResourceGroup('arm-snapshot', { resourceGroup: '' })).toBeUndefined();
    expect(recoveryPointResourceGroup('arm-snapshot', { resourceGroup: 42 })).toBeUndefined();
  });

  it('is the whole subscription for lag sources that do not read snapshots', () => {
    for (const kind of ['agent', 'postgres', 'mysql'])
      expect(recoveryPointResourceGroup(kind, { resourceGroup: 'replica-rg' })).toBeUndefined();
  });
});
