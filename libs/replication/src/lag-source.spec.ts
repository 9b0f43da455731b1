import { lagSourceView, missingSecrets, splitLagSource } from './lag-source';

describe('splitLagSource', () => {
  it('keeps the URLs of a database lag source apart from what may be shown', () => {
    const split = splitLagSource({
      kind: 'postgres',
      primaryUrl: 'postgres://u:p@a/db',
      replicaUrl: 'postgres://u:p@b/db',
      heartbeatIntervalSeconds: 5,
    });
    expect(split).toEqual({
      kind: 'postgres',
      settings: { heartbeatIntervalSeconds: 5 },
      secrets: { primaryUrl: 'postgres://u:p@a/db', replicaUrl: 'postgres://u:p@b/db' },
    });
    expect(JSON.stringify(split.settings)).not.toContain('postgres://');
  });

  it('has no secrets for kinds without credentials, and drops unset settings', () => {
    expect(splitLagSource({ kind: 'agent' })).toEqual({ kind: 'agent', settings: {}, secrets: null });
    expect(splitLagSource({ kind: 'arm-snapshot', resourceGroup: undefined })).toEqual({
      kind: 'arm-snapshot',
      settings: {},
      secrets: null,
    });
  });
});

describe('missingSecrets', () => {
  it('names the URLs a database lag source still lacks', () => {
    expect(missingSecrets({ primaryUrl: 'mysql://a/b' })).toEqual(['replicaUrl']);
    expect(missingSecrets({})).toEqual(['primaryUrl', 'replicaUrl']);
    expect(missingSecrets({ primaryUrl: 'mysql://a/b', replicaUrl: 'mysql://c/d' })).toEqual([]);
    expect(missingSecrets(null)).toEqual([]);
  });
});

describe('lagSourceView', () => {
  it('says whether credentials are set for database kinds only', () => {
    expect(lagSourceView('mysql', { heartbeatIntervalSeconds: 10 }, true)).toEqual({
      kind: 'mysql',
      heartbeatIntervalSeconds: 10,
      credentialsSet: true,
    });
    expect(lagSourceView('agent', {}, false)).toEqual({ kind: 'agent' });
    expect(lagSourceView('arm-snapshot', { resourceGroup: 'rg' }, false)).toEqual({
      kind: 'arm-snapshot',
      resourceGroup: 'rg',
    });
  });
});
