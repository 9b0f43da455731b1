import { EstateApplication, EstatePair, EstatePlan, siteScope } from './site-estate';

const app = (id: string, o: Partial<EstateApplication> = {}): EstateApplication => ({
  id,
  name: id,
  tier: 2,
  protection: 'replication',
  optIn: true,
  rpoSeconds: 300,
  rtoSeconds: 3600,
  ...o,
});
const pair = (id: string, applicationId: string): EstatePair => ({
  id,
  applicationId,
  name: id,
  sourceSiteId: 'a',
  targetSiteId: 'b',
  lagSeconds: 1,
  lastRecoveryPointAt: null,
  state: 'protected',
});
const plan = (id: string, applicationId: string, pairIds: string[], sourceSiteId = 'a'): EstatePlan => ({
  id,
  name: id,
  applicationId,
  sourceSiteId,
  targetSiteId: 'b',
  pairIds,
});

describe('siteScope', () => {
  it('fails over the plans of protected, opted-in applications in tier order and lists everyone else with the reason', () => {
    const apps = new Map([
      ['crm', app('crm', { tier: 3 })],
      ['erp', app('erp', { tier: 1 })],
      ['web', app('web', { tier: 2 })],
      ['wiki', app('wiki', { protection: 'none' })],
      ['mail', app('mail', { optIn: false })],
      ['hr', app('hr')],
      ['db', app('db', { protection: 'high-availability' })],
    ]);
    const pairs = ['crm', 'erp', 'web', 'wiki', 'mail', 'hr', 'db'].map((a) => pair(`${a}-1`, a));
    const plans = [
      plan('crm-plan', 'crm', ['crm-1']),
      plan('erp-plan', 'erp', ['erp-1']),
      plan('web-plan', 'web', ['web-1']),
      plan('mail-plan', 'mail', ['mail-1']),
      plan('other', 'hr', ['x'], 'b'),
    ];
    const scope = siteScope('a', apps, pairs, plans);
    expect(scope.plans.map((p) => [p.position, p.plan.id])).toEqual([
      [0, 'erp-plan'],
      [1, 'web-plan'],
      [2, 'crm-plan'],
    ]);
    expect(scope.notFailedOver.map((n) => [n.name, n.reason])).toEqual([
      ['db', expect.stringContaining('protection is high-availability')],
      ['hr', expect.stringContaining('no recovery plan')],
      ['mail', expect.stringContaining('not opted in')],
      ['wiki', expect.stringContaining('protection is none')],
    ]);
  });

  it('warns about pairs of a failed-over application that no plan covers', () => {
    const scope = siteScope(
      'a',
      new Map([['erp', app('erp')]]),
      [pair('e1', 'erp'), pair('e2', 'erp')],
      [plan('p', 'erp', ['e1'])],
    );
    expect(scope.warnings).toEqual([
      expect.objectContaining({ code: 'pairs-not-in-plan', message: expect.stringContaining('e2') }),
    ]);
  });
});
