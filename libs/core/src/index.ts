// @twinsite/core: pure domain rules (no I/O, no Nest). Every module is exported
// here so callers import from the package, never from file paths.
export * from './errors';
export * from './time';
export * from './durations';
export * from './arm-resource-id';
export * from './api-profile';
export * from './lag';
export * from './sampling';
export * from './rpo-alerts';
export * from './compliance'; // also breaches and downsample
export * from './plan-rules'; // also plan-steps and plan-order
export * from './plan-schedule';
export * from './run-state-machine';
export * from './readiness';
export * from './recovery-point-scope';
export * from './map-limit';
// The ports (interfaces the domain needs from the outside) are owned separately.
export * from './ports';
