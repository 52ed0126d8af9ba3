import { Global, Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Makes the config parsed at boot injectable as `@Inject(APP_CONFIG) config: AppConfig`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
