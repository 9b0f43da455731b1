import { ArmError } from './arm-errors';
import { checkApiVersion, providerBody, supportedVersions } from './providers';

function refusal(fn: () => void): ArmError {
  try {
    fn();
  } catch (error) {
    return error as ArmError;
  }
  throw new Error('expected a refusal');
}

describe('providers', () => {
  const vms = { namespace: 'Microsoft.Compute', resourceType: 'virtualMachines' };

  it('accepts the hybrid profile versions', () => {
    expect(() => checkApiVersion(vms, '2020-06-01', 'east')).not.toThrow();
    expect(() =>
      checkApiVersion({ namespace: 'Microsoft.Compute', resourceType: 'disks' }, '2019-07-01', 'east'),
    ).not.toThrow();
    expect(() =>
      checkApiVersion(
        { namespace: 'Microsoft.Network', resourceType: 'loadBalancers' },
        '2018-11-01',
        'east',
      ),
    ).not.toThrow();
  });

  it("words a refusal as ARM's NoRegisteredProviderFound", () => {
    const error = refusal(() => checkApiVersion(vms, '2024-07-01', 'east'));
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({
      error: {
        code: 'NoRegisteredProviderFound',
        message:
          "No registered resource provider found for location 'east' and API version '2024-07-01' for type 'virtualMachines'. " +
          "The supported api-versions are '2015-06-15, 2016-03-30, 2016-04-30-preview, 2017-03-30, 2017-12-01, 2020-06-01'. " +
          "The supported locations are 'east'.",
      },
    });
  });

  it('distinguishes missing, malformed and Microsoft.Resources refusals', () => {
    expect(refusal(() => checkApiVersion(vms, null, 'east')).code).toBe('MissingApiVersionParameter');
    expect(refusal(() => checkApiVersion(vms, 'yesterday', 'east')).code).toBe('InvalidApiVersionParameter');
    const rg = refusal(() =>
      checkApiVersion(
        { namespace: 'Microsoft.Resources', resourceType: 'resourceGroups' },
        '2021-04-01',
        'east',
      ),
    );
    expect(rg.code).toBe('InvalidApiVersionParameter');
    expect(rg.message).toBe(
      "The api-version '2021-04-01' is invalid. The supported versions are '2019-10-01,2019-05-01,2018-05-01,2016-09-01,2016-06-01,2015-01-01'.",
    );
  });

  it('lists every registered type with its newest version first', () => {
    const body = providerBody('sub', 'Microsoft.Network', 'east') as {
      resourceTypes: Array<{ apiVersions: string[]; locations: string[] }>;
    };
    expect(
      body.resourceTypes.every((t) => t.apiVersions[0] === '2018-11-01' && t.locations[0] === 'east'),
    ).toBe(true);
    expect(supportedVersions({ namespace: 'Microsoft.Compute', resourceType: '*' })).toEqual(
      expect.arrayContaining(['2020-06-01', '2019-07-01']),
    );
  });
});
