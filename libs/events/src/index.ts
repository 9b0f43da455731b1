export * from './event.types';
export * from './events.module';
export * from './events.service';
export * from './sse';
export * from './notify-payload';
