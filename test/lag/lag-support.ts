import * as crypto from 'node:crypto';
import { Client } from 'pg';
import { LagSampler } from '@twinsite/replication';
import { admin, TestController } from '../support/controller';
import { siteBody } from '../support/fixtures';
import { SseClient } from '../alerts/alerts-support';

/** Helpers shared by the lag suites. */

export const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

export const vmId = (
  name = unique('vm'),
  subscription = '11111111-2222-4333-8444-555555555555',
  rg = 'rg-app',
) =>
  `/subscriptions/${subscription}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;

export interface Refs {
  applicationId: string;
  sourceSiteId: string;
  targetSiteId: string;
}

/** Two sites (not reachable: agent and database pairs never call ARM) and an application with this RPO. */
export async function estate(ctl: TestController, rpoSeconds: number): Promise<Refs> {
  const site = async () =>
    (await ctl.http().post('/api/v1/sites').set(admin).send(siteBody()).expect(201)).body.id as string;
  const [sourceSiteId, targetSiteId] = [await site(), await site()];
  const application = await ctl
    .http()
    .post('/api/v1/applications')
    .set(admin)
    .send({
      name: unique('app'),
      owner: 'dba@contoso.com',
      tier: 1,
      rpoSeconds,
      rtoSeconds: 3600,
      protection: 'replication',
    })
    .expect(201);
  return { applicationId: application.body.id, sourceSiteId, targetSiteId };
}

export async function createPair(ctl: TestController, refs: Refs, overrides: Record<string, unknown> = {}) {
  const res = await ctl
    .http()
    .post('/api/v1/pairs')
    .set(admin)
    .send({
      ...refs,
      sourceResourceId: vmId(),
      target: { resourceGroup: 'rg-app-dr' },
      lagSource: { kind: 'agent' },
      sampleIntervalSeconds: 5,
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`pair not created: ${res.status} ${res.text}`);
  return res.body as {
    id: string;
    applicationId: string;
    sourceSiteId: string;
    targetSiteId: string;
    sourceResourceId: string;
  };
}

export async function agentToken(ctl: TestController, pairId: string): Promise<string> {
  return (await ctl.http().post(`/api/v1/pairs/${pairId}/agent-token`).set(admin).expect(201)).body.token;
}

export async function getPair(ctl: TestController, pairId: string) {
  return (await ctl.http().get(`/api/v1/pairs/${pairId}`).set(admin).expect(200)).body;
}

export async function openAlerts(ctl: TestController, pairId: string): Promise<string[]> {
  const res = await ctl
    .http()
    .get(`/api/v1/alerts?pairId=${pairId}&state=open,acknowledged&limit=100`)
    .set(admin)
    .expect(200);
  return (res.body.items as Array<{ kind: string }>).map((a) => a.kind).sort();
}

export async function alertsOf(
  ctl: TestController,
  pairId: string,
): Promise<Array<{ kind: string; state: string }>> {
  const res = await ctl.http().get(`/api/v1/alerts?pairId=${pairId}&limit=100`).set(admin).expect(200);
  return res.body.items;
}

/** A direct connection to the suite's database, for what no API shows (row counts, forcing a pair due). */
export async function sql(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** Makes pairs due now (tests sample faster than the 5 s minimum interval allows). */
export async function makeDue(db: Client, pairIds: string[]): Promise<void> {
  await db.query(`UPDATE pairs SET next_due_at = now() WHERE id = ANY ($1::uuid[])`, [pairIds]);
}

/** Makes the pairs due and runs one sweep on this controller. */
export async function sampleNow(ctl: TestController, db: Client, pairIds: string[]) {
  await makeDue(db, pairIds);
  return ctl.app.get(LagSampler).sampleDueNow();
}

export async function viewerToken(ctl: TestController): Promise<string> {
  const res = await ctl
    .http()
    .post('/api/v1/tokens')
    .set(admin)
    .send({ name: unique('viewer'), role: 'viewer' })
    .expect(201);
  return res.body.token;
}

export async function eventStream(ctl: TestController): Promise<SseClient> {
  return SseClient.open(`${ctl.url}/api/v1/events?access_token=${await viewerToken(ctl)}`);
}

/** The alert events of one pair on a stream, as `opened:rpo-breach`, in order. */
export function alertEvents(stream: SseClient, pairId: string): string[] {
  return stream.events
    .filter((e) => e.type === 'alert' && e.data.alert.pairId === pairId)
    .map((e) => `${e.data.event}:${e.data.alert.kind}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
