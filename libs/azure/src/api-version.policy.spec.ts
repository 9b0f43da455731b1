import {
  createHttpHeaders,
  createPipelineRequest,
  PipelineRequest,
  PipelineResponse,
} from '@azure/core-rest-pipeline';
import { API_PROFILES } from '@twinsite/core/api-profile';
import { apiVersionPolicy, rewriteApiVersion } from './api-version.policy';

const profile = API_PROFILES['2020-09-01-hybrid'];
const ARM = 'https://management.local.azurestack.external';
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';

async function send(url: string): Promise<string> {
  const policy = apiVersionPolicy(profile);
  let seen = '';
  await policy.sendRequest(
    createPipelineRequest({ url }),
    async (request: PipelineRequest): Promise<PipelineResponse> => {
      seen = request.url;
      return { request, status: 200, headers: createHttpHeaders() };
    },
  );
  return new URL(seen).searchParams.get('api-version') ?? '';
}

describe('apiVersionPolicy', () => {
  it.each([
    [
      `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1?api-version=2024-07-01`,
      '2020-06-01',
    ],
    [
      `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1/start?api-version=2024-07-01`,
      '2020-06-01',
    ],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Compute/disks/d1?api-version=2024-03-02`, '2019-07-01'],
    [`${SUB}/providers/Microsoft.Compute/snapshots?api-version=2024-03-02`, '2019-07-01'],
    [`${SUB}/providers/Microsoft.Compute/locations/east/vmSizes?api-version=2024-07-01`, '2020-06-01'],
    [
      `${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n1?api-version=2024-05-01`,
      '2018-11-01',
    ],
    [`${SUB}/providers/Microsoft.Network/locations/east/operations/abc?api-version=2024-05-01`, '2018-11-01'],
    [`${SUB}/resourcegroups/rg?api-version=2024-11-01`, '2019-10-01'],
    [`${SUB}/providers?api-version=`, '2019-10-01'],
  ])('rewrites %s to %s', async (path, version) => {
    expect(await send(`${ARM}${path}`)).toBe(version);
  });

  it('adds a version to a next link that lacks one', async () => {
    expect(await send(`${ARM}${SUB}/providers/Microsoft.Compute/virtualMachines?$skiptoken=abc`)).toBe(
      '2020-06-01',
    );
  });

  it('keeps the other query parameters', () => {
    const url = rewriteApiVersion(
      `${ARM}${SUB}/resources?$filter=tagName%20eq%20'a'&api-version=2024-01-01`,
      profile,
    );
    expect(new URL(url).searchParams.get('$filter')).toBe("tagName eq 'a'");
  });

  it('leaves paths the profile has no opinion on alone', async () => {
    expect(await send(`${ARM}/metadata/endpoints?api-version=2015-01-01`)).toBe('2015-01-01');
    const unknown = `${ARM}${SUB}/resourceGroups/rg/providers/Contoso.Widgets/widgets/w1?api-version=2099-01-01`;
    expect(await send(unknown)).toBe('2099-01-01');
  });

  it('does not touch a URL that already carries the right version', () => {
    const url = `${ARM}${SUB}/resourceGroups/rg/providers/Microsoft.Compute/disks/d1?api-version=2019-07-01`;
    expect(rewriteApiVersion(url, profile)).toBe(url);
  });
});
