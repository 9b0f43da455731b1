import { ArmOperationError } from './errors';
import { parseEndpoints } from './endpoint-discovery';
import { armScope, isAdfs } from './credential';

describe('endpoint discovery', () => {
  it('reads the login endpoint and the first audience', () => {
    const endpoints = parseEndpoints(
      's',
      JSON.stringify({
        galleryEndpoint: 'https://g/',
        authentication: {
          loginEndpoint: 'https://adfs.local/adfs',
          audiences: ['https://management.adfs.local/abc'],
        },
      }),
    );
    expect(endpoints).toEqual({
      loginEndpoint: 'https://adfs.local/adfs',
      audience: 'https://management.adfs.local/abc',
    });
    expect(armScope(endpoints)).toBe('https://management.adfs.local/abc/.default');
  });

  it('refuses a document without authentication details', () => {
    expect(() => parseEndpoints('s', '{}')).toThrow(ArmOperationError);
    expect(() => parseEndpoints('s', 'not json')).toThrow(/unusable/);
  });

  it('recognises ADFS tenants', () => {
    expect(isAdfs({ tenantId: 'ADFS' })).toBe(true);
    expect(isAdfs({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' })).toBe(false);
  });
});
