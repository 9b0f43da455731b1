import { DynamicModule, Global, Module } from '@nestjs/common';
import { TwinsiteConfig } from './config';

export const TWINSITE_CONFIG = Symbol('TWINSITE_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: TwinsiteConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: TWINSITE_CONFIG, useValue: config }],
      exports: [TWINSITE_CONFIG],
    };
  }
}
