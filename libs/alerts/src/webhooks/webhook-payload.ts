import { AlertKind, formatDuration } from '@twinsite/core';
import type { AlertEventName } from '../alert.entity';
import type { AlertResponse } from '../dtos/alert.response';

export const WEBHOOK_FORMATS = ['generic', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

const KIND_TITLES: Record<AlertKind, string> = {
  'rpo-warning': 'RPO warning',
  'rpo-breach': 'RPO breach',
  'lag-source-failing': 'Lag source failing',
  'site-unreachable': 'Site unreachable',
};

/** Teams theme colours: red for what needs someone now, amber for what may soon, blue/green for progress. */
const OPEN_COLOURS: Record<AlertKind, string> = {
  'rpo-warning': 'FFB900',
  'rpo-breach': 'D13438',
  'lag-source-failing': 'FF8C00',
  'site-unreachable': 'D13438',
};

export interface Fact {
  name: string;
  value: string;
}

/** `RPO breach opened`, `Site unreachable resolved`. */
export function alertTitle(event: AlertEventName, alert: Pick<AlertResponse, 'kind'>): string {
  return `${KIND_TITLES[alert.kind] ?? alert.kind} ${event}`;
}

/** What the alert is about, in words: `pair 1b9e…` or `site 4c2d…`. */
export function alertSubject(alert: Pick<AlertResponse, 'pairId' | 'siteId' | 'subjectKey'>): string {
  if (alert.pairId) return `pair ${alert.pairId}`;
  if (alert.siteId) return `site ${alert.siteId}`;
  return alert.subjectKey;
}

const seconds = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? formatDuration(value) : null;

/** The facts worth a line in a chat message, in reading order. */
export function alertFacts(event: AlertEventName, alert: AlertResponse): Fact[] {
  const details = alert.details ?? {};
  const facts: Fact[] = [{ name: 'Subject', value: alertSubject(alert) }];
  if (alert.applicationId) facts.push({ name: 'Application', value: alert.applicationId });
  const lag = seconds(event === 'resolved' ? details.lagSecondsAtResolve : details.lagSeconds);
  const worst = seconds(details.worstLagSeconds);
  const rpo = seconds(details.rpoSeconds);
  if (lag) facts.push({ name: event === 'resolved' ? 'Lag at resolve' : 'Lag', value: lag });
  if (worst && event !== 'opened') facts.push({ name: 'Worst lag', value: worst });
  if (rpo) facts.push({ name: 'RPO', value: rpo });
  facts.push({ name: 'Opened', value: alert.openedAt });
  if (alert.acknowledgedAt)
    facts.push({
      name: 'Acknowledged',
      value: `${alert.acknowledgedAt} by ${alert.acknowledgedBy ?? 'unknown'}`,
    });
  if (alert.note) facts.push({ name: 'Note', value: alert.note });
  if (alert.resolvedAt) facts.push({ name: 'Resolved', value: alert.resolvedAt });
  return facts;
}

/** One line for notifications and chat previews. */
export function alertSummary(event: AlertEventName, alert: AlertResponse): string {
  const details = alert.details ?? {};
  const lag = seconds(event === 'resolved' ? details.lagSecondsAtResolve : details.lagSeconds);
  const rpo = seconds(details.rpoSeconds);
  const numbers = lag && rpo ? `: lag ${lag}, RPO ${rpo}` : lag ? `: lag ${lag}` : '';
  return `[Twinsite] ${alertTitle(event, alert)} on ${alertSubject(alert)}${numbers}`;
}

/** Slack mrkdwn treats &, < and > as control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function genericPayload(event: AlertEventName, alert: AlertResponse) {
  return { event, alert };
}

/** Slack incoming-webhook shape: `text` is the fallback (notifications), `blocks` the message. */
export function slackPayload(event: AlertEventName, alert: AlertResponse) {
  const facts = alertFacts(event, alert);
  return {
    text: escapeSlack(alertSummary(event, alert)),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: alertTitle(event, alert).slice(0, 150), emoji: false },
      },
      {
        type: 'section',
        // Slack allows ten fields of at most 2000 characters.
        fields: facts
          .slice(0, 10)
          .map((f) => ({
            type: 'mrkdwn',
            text: `*${escapeSlack(f.name)}*\n${escapeSlack(f.value).slice(0, 1900)}`,
          })),
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `alert ${alert.id} · ${alert.kind} · ${alert.state}` }],
      },
    ],
  };
}

/** Teams (Office 365 connector / Workflows) legacy MessageCard. */
export function teamsPayload(event: AlertEventName, alert: AlertResponse) {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: alertSummary(event, alert),
    themeColor:
      event === 'resolved'
        ? '107C10'
        : event === 'acknowledged'
          ? '0078D7'
          : (OPEN_COLOURS[alert.kind] ?? 'D13438'),
    title: alertTitle(event, alert),
    sections: [
      {
        activityTitle: alertSubject(alert),
        activitySubtitle: `alert ${alert.id}`,
        facts: alertFacts(event, alert),
        markdown: false,
      },
    ],
  };
}

export function formatWebhookPayload(
  format: WebhookFormat,
  event: AlertEventName,
  alert: AlertResponse,
): object {
  switch (format) {
    case 'slack':
      return slackPayload(event, alert);
    case 'teams':
      return teamsPayload(event, alert);
    default:
      return genericPayload(event, alert);
  }
}
