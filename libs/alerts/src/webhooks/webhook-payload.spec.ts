import type { AlertResponse } from '../dtos/alert.response';
import { alertSummary, escapeSlack, formatWebhookPayload } from './webhook-payload';

const alert = (overrides: Partial<AlertResponse> = {}): AlertResponse => ({
  id: '7a1c0a52-6a4b-4d4e-9b1d-0c6f4b0f8e11',
  kind: 'rpo-breach',
  state: 'open',
  pairId: '1b9e3b4e-0000-4000-8000-000000000001',
  applicationId: '2c8f4a5d-0000-4000-8000-000000000002',
  siteId: null,
  subjectKey: 'pair:1b9e3b4e-0000-4000-8000-000000000001',
  openedAt: '2025-06-01T10:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  note: null,
  resolvedAt: null,
  details: { lagSeconds: 412, rpoSeconds: 300, worstLagSeconds: 412 },
  createdAt: '2025-06-01T10:00:00.000Z',
  ...overrides,
});

describe('webhook payloads', () => {
  it('generic: the event and the alert as the API shows it', () => {
    const a = alert();
    expect(formatWebhookPayload('generic', 'opened', a)).toEqual({ event: 'opened', alert: a });
  });

  it('a one-line summary with the lag and the RPO', () => {
    expect(alertSummary('opened', alert())).toBe(
      '[Twinsite] RPO breach opened on pair 1b9e3b4e-0000-4000-8000-000000000001: lag 6m 52s, RPO 5m',
    );
    expect(
      alertSummary(
        'opened',
        alert({ kind: 'site-unreachable', pairId: null, siteId: 's1', subjectKey: 'site:s1', details: {} }),
      ),
    ).toBe('[Twinsite] Site unreachable opened on site s1');
  });

  it('slack: text plus header, fields and context blocks', () => {
    const payload = formatWebhookPayload(
      'slack',
      'acknowledged',
      alert({
        state: 'acknowledged',
        acknowledgedAt: '2025-06-01T10:05:00.000Z',
        acknowledgedBy: 'night-shift',
        note: 'link <down> & team on it',
      }),
    ) as any;
    expect(payload.text).toContain('RPO breach acknowledged');
    expect(payload.blocks.map((b: any) => b.type)).toEqual(['header', 'section', 'context']);
    expect(payload.blocks[0].text).toEqual({
      type: 'plain_text',
      text: 'RPO breach acknowledged',
      emoji: false,
    });
    const fields = payload.blocks[1].fields.map((f: any) => f.text);
    expect(fields).toContain('*Note*\nlink &lt;down&gt; &amp; team on it');
    expect(fields).toContain('*Acknowledged*\n2025-06-01T10:05:00.000Z by night-shift');
    expect(fields).toContain('*Worst lag*\n6m 52s');
    expect(payload.blocks[1].fields.length).toBeLessThanOrEqual(10);
  });

  it('teams: a MessageCard whose colour follows the event', () => {
    const opened = formatWebhookPayload('teams', 'opened', alert()) as any;
    expect(opened).toMatchObject({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      title: 'RPO breach opened',
      themeColor: 'D13438',
    });
    expect(opened.sections[0].facts).toEqual(
      expect.arrayContaining([
        { name: 'Lag', value: '6m 52s' },
        { name: 'RPO', value: '5m' },
      ]),
    );
    const resolved = formatWebhookPayload(
      'teams',
      'resolved',
      alert({
        state: 'resolved',
        resolvedAt: '2025-06-01T11:00:00.000Z',
        details: { lagSecondsAtResolve: 30, worstLagSeconds: 900, rpoSeconds: 300 },
      }),
    ) as any;
    expect(resolved.themeColor).toBe('107C10');
    expect(resolved.sections[0].facts).toEqual(
      expect.arrayContaining([
        { name: 'Lag at resolve', value: '30s' },
        { name: 'Worst lag', value: '15m' },
      ]),
    );
  });

  it('escapes Slack control characters', () => {
    expect(escapeSlack('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
  });
});
