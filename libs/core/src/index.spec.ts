import * as core from './index';

describe('@twinsite/core public surface', () => {
  it.each([
    'parseArmResourceId',
    'isArmResourceId',
    'formatArmResourceId',
    'normaliseArmResourceId',
    'API_PROFILES',
    'apiVersionFor',
    'compareProviderVersions',
    'lagFromRecoveryPoint',
    'heartbeatLag',
    'staleLag',
    'resolveLagReading',
    'defaultSampleIntervalSeconds',
    'sampleOffsetMs',
    'nextDueAt',
    'evaluateRpoCondition',
    'alertTransitions',
    'evaluateSourceFailing',
    'computeCompliance',
    'mergeBreaches',
    'downsample',
    'validatePlan',
    'validateStep',
    'orderPlansByTier',
    'transitionRun',
    'transitionStep',
    'InvalidTransition',
    'allowedRunActions',
    'criticalPathLowerBoundMs',
    'siteFailoverLowerBoundMs',
    'applicationVerdict',
    'estimateSiteRtoSeconds',
    'parseDuration',
    'formatDuration',
    'violation',
  ])('exports %s', (name) => {
    expect((core as Record<string, unknown>)[name]).toBeDefined();
  });
});
