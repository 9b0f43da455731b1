import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '@twinsite/audit';
import type { RunKind } from '@twinsite/core';
import { Actor, AppException, conflict, validationFailed } from '@twinsite/shared';
import { SiteService } from '@twinsite/sites';
import { hasErrors, SiteFinding, warningsOf } from '../domain/combined-preflight';
import { SiteFailoverResponse } from '../dtos/site-failover.response';
import { SiteFailoverCoordinator } from '../engine/site-failover-coordinator';
import { SiteFailoverEvents } from '../engine/site-failover-events';
import { SiteFailoverEntity, SiteFailoverPlanEntity } from '../site-failover.entity';
import { SITE_FAILOVER_OPTIONS, SiteFailoverOptions } from '../site-failover.options';
import { SiteFailoverQueries } from './site-failover-queries';
import { SitePreflight } from './site-preflight';

export interface StartSiteInput {
  kind: RunKind;
  confirm: string;
  acceptWarnings?: boolean;
  plansInFlight?: number;
}

/**
 * Starting a site failover: one per Idempotency-Key and at most one active per site,
 * both by unique indexes; the combined preflight first, and nothing is written unless
 * it passes. What is written is the site failover and its plan queue: the coordinator
 * starts the plans' runs from there.
 */
@Injectable()
export class SiteFailoverStarter {
  private readonly inProgress = new Map<
    string,
    Promise<{ siteFailover: SiteFailoverResponse; created: boolean }>
  >();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly preflight: SitePreflight,
    private readonly queries: SiteFailoverQueries,
    private readonly audit: AuditService,
    private readonly coordinator: SiteFailoverCoordinator,
    private readonly events: SiteFailoverEvents,
    private readonly sites: SiteService,
    @Inject(SITE_FAILOVER_OPTIONS) private readonly options: SiteFailoverOptions,
  ) {}

  async start(
    actor: Actor,
    siteId: string,
    input: StartSiteInput,
    key?: string,
  ): Promise<{ siteFailover: SiteFailoverResponse; created: boolean }> {
    if (!key) return this.startOnce(actor, siteId, input);
    const existing = await this.queries.findByKey(siteId, key);
    if (existing) return { siteFailover: await this.queries.get(existing.id), created: false };
    const flight = `${siteId}|${key}`;
    const running = this.inProgress.get(flight);
    if (running) return { ...(await running), created: false };
    const attempt = this.startOnce(actor, siteId, input, key);
    this.inProgress.set(flight, attempt);
    try {
      return await attempt;
    } finally {
      this.inProgress.delete(flight);
    }
  }

  /** The combined preflight alone: what would block or warn, which plans would go in which order, what would not come back. */
  async dryRun(siteId: string, kind: RunKind, plansInFlight?: number) {
    const { scope, findings, estate } = await this.preflight.check(siteId, kind);
    return {
      siteId,
      siteName: estate.site.name,
      kind,
      plansInFlight: plansInFlight ?? this.options.plansInFlight,
      ok: scope.plans.length > 0 && !hasErrors(findings),
      findings,
      plans: scope.plans.map(({ plan, application, position }) => ({
        position,
        planId: plan.id,
        planName: plan.name,
        applicationId: application.id,
        applicationName: application.name,
        tier: application.tier,
      })),
      notFailedOver: scope.notFailedOver,
    };
  }

  private async startOnce(actor: Actor, siteId: string, input: StartSiteInput, key?: string) {
    const { estate, scope, findings } = await this.preflightFor(siteId, input);
    const id = randomUUID();
    const now = new Date().toISOString();
    try {
      await this.db.transaction(async (m) => {
        await m.insert(SiteFailoverEntity, {
          id,
          siteId,
          siteName: estate.site.name,
          kind: input.kind,
          phase: 'failover',
          state: 'running',
          active: true,
          open: true,
          idempotencyKey: key ?? null,
          plansInFlight: input.plansInFlight ?? this.options.plansInFlight,
          preflight: { findings, acceptedWarnings: !!input.acceptWarnings, checkedAt: now },
          notFailedOver: scope.notFailedOver,
          requestedBy: actor.name,
          requestedByTokenId: actor.tokenId,
          actions: [{ action: 'start', by: actor.name, tokenId: actor.tokenId, role: actor.role, at: now }],
        });
        await m.insert(
          SiteFailoverPlanEntity,
          scope.plans.map(({ plan, application, position }) => ({
            siteFailoverId: id,
            planId: plan.id,
            position,
            planName: plan.name,
            applicationId: application.id,
            applicationName: application.name,
            tier: application.tier,
            rpoSeconds: application.rpoSeconds,
            rtoSeconds: application.rtoSeconds,
            targetSiteId: plan.targetSiteId,
            status: 'queued' as const,
            startAttempts: 0,
          })),
        );
        await this.audit.record(m, actor, 'site-failover.start', 'site-failover', id, {
          siteId,
          siteName: estate.site.name,
          kind: input.kind,
          plans: scope.plans.map(({ plan }) => plan.name),
          notFailedOver: scope.notFailedOver.map((n) => n.name),
          acceptWarnings: !!input.acceptWarnings,
          warnings: warningsOf(findings).map((f) => f.code),
        });
      });
    } catch (error) {
      const constraint =
        error instanceof QueryFailedError ? (error as any).driverError?.constraint : undefined;
      if (constraint === 'uq_site_failovers__idempotency_key' && key) {
        const existing = await this.queries.findByKey(siteId, key);
        if (existing) return { siteFailover: await this.queries.get(existing.id), created: false };
      }
      if (constraint === 'uq_site_failovers__active_site') await this.refuseIfActive(siteId);
      throw error;
    }
    const siteFailover = await this.queries.get(id);
    this.events.publishRuns(siteFailover, siteFailover.runs, 'started');
    this.coordinator.kick();
    return { siteFailover, created: true };
  }

  private async preflightFor(siteId: string, input: StartSiteInput) {
    const site = await this.sites.get(siteId);
    if (input.confirm !== site.name) {
      throw validationFailed([
        { field: 'confirm', rule: 'confirm', message: `confirm must be the site's name, "${site.name}"` },
      ]);
    }
    await this.refuseIfActive(siteId);
    const result = await this.preflight.check(siteId, input.kind);
    const { estate, scope, findings } = result;
    if (scope.plans.length === 0) {
      throw conflict(
        'nothing-to-fail-over',
        `site ${estate.site.name} has no application protected by replication, opted in, with a recovery plan from this site`,
        {
          notFailedOver: scope.notFailedOver,
        },
      );
    }
    this.refuseOnFindings(findings, !!input.acceptWarnings, scope.notFailedOver);
    return result;
  }

  private async refuseIfActive(siteId: string): Promise<void> {
    const active = await this.queries.findActive(siteId);
    if (active) {
      throw conflict(
        'site-failover-active',
        `site ${active.siteName} already has an active site failover: ${active.id} (${active.kind}, ${active.state})`,
        {
          activeSiteFailoverId: active.id,
          kind: active.kind,
          state: active.state,
        },
      );
    }
  }

  private refuseOnFindings(findings: SiteFinding[], acceptWarnings: boolean, notFailedOver: unknown): void {
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      throw new AppException(
        HttpStatus.CONFLICT,
        'preflight-failed',
        `site preflight found ${errors.length} error(s): ${errors.map((f) => (f.planName ? `${f.planName}: ${f.message}` : f.message)).join('; ')}`,
        {
          findings,
          notFailedOver,
        },
      );
    }
    const warnings = warningsOf(findings);
    if (warnings.length > 0 && !acceptWarnings) {
      throw new AppException(
        HttpStatus.CONFLICT,
        'preflight-warnings',
        `site preflight has ${warnings.length} warning(s); send acceptWarnings: true to go ahead: ${warnings.map((f) => (f.planName ? `${f.planName}: ${f.message}` : f.message)).join('; ')}`,
        { findings, notFailedOver },
      );
    }
  }
}
