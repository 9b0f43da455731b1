export * from './arm-gateway';
