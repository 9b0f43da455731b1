import { Router, splitPath } from './router';

describe('Router', () => {
  const router = new Router<string>()
    .add('GET', '/subscriptions/:sub/resourcegroups/:rg', 'rg')
    .add('GET', '/subscriptions/:sub/providers/:namespace', 'provider')
    .add('PUT', '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.Compute/disks/:name', 'disk');

  it('matches literal segments case-insensitively and keeps parameter casing', () => {
    const { match } = router.match('GET', splitPath('/SUBSCRIPTIONS/abc/ResourceGroups/My-RG'));
    expect(match).toEqual({ spec: 'rg', params: { sub: 'abc', rg: 'My-RG' } });
    expect(
      router.match(
        'PUT',
        splitPath('/subscriptions/s/resourcegroups/r/providers/microsoft.compute/DISKS/d%201'),
      ).match,
    ).toEqual({
      spec: 'disk',
      params: { sub: 's', rg: 'r', name: 'd 1' },
    });
  });

  it('tells an unknown path from a known path with another method', () => {
    expect(router.match('DELETE', splitPath('/subscriptions/s/providers/Microsoft.Compute'))).toEqual({
      pathMatched: true,
    });
    expect(router.match('GET', splitPath('/nowhere'))).toEqual({ pathMatched: false });
    expect(router.match('HEAD', splitPath('/subscriptions/s/resourcegroups/r')).match?.spec).toBe('rg');
  });
});
