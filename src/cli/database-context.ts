import { Module, ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { Clock } from 'src/infra/clock';
import { ConfigModule } from 'src/infra/config/config.module';
import { DatabaseModule } from 'src/infra/database/database.module';

@Module({})
class CliModule {}

@Module({ providers: [Clock], exports: [Clock] })
class CliClockModule {}

/**
 * Runs a one-shot command inside a Nest context with the config, the database and a clock, plus the modules and
 * providers it names; the context (and its pool) is closed whatever happens. Only errors are logged.
 */
export async function withDatabaseContext<T>(
  config: AppConfig,
  metadata: Pick<ModuleMetadata, 'imports' | 'providers'>,
  run: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(
    {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        { module: CliClockModule, global: true },
        ...(metadata.imports ?? []),
      ],
      providers: metadata.providers ?? [],
    },
    { logger: ['error'] },
  );
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
