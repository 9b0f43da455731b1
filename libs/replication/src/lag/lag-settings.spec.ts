import { ConfigError } from '@twinsite/shared';
import { DEFAULT_LAG_SETTINGS, loadLagSettings } from './lag-settings';

describe('loadLagSettings', () => {
  it('has defaults: 30 s checkpoint clock skew, 48 h of raw samples', () => {
    expect(loadLagSettings({})).toEqual(DEFAULT_LAG_SETTINGS);
    expect(DEFAULT_LAG_SETTINGS).toMatchObject({ checkpointSkewSeconds: 30, rawRetentionHours: 48 });
  });

  it('reads the environment, and names the variable it refuses', () => {
    expect(
      loadLagSettings({ TWINSITE_CHECKPOINT_SKEW_SECONDS: '5', TWINSITE_LAG_RAW_RETENTION_HOURS: '24' }),
    ).toMatchObject({
      checkpointSkewSeconds: 5,
      rawRetentionHours: 24,
    });
    expect(() => loadLagSettings({ TWINSITE_CHECKPOINT_SKEW_SECONDS: 'soon' })).toThrow(ConfigError);
    expect(() => loadLagSettings({ TWINSITE_CHECKPOINT_SKEW_SECONDS: '-1' })).toThrow(
      /TWINSITE_CHECKPOINT_SKEW_SECONDS/,
    );
  });
});
