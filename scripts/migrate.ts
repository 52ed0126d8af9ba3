import { prepareDatabase } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';
import { withOpenDatabase } from 'src/infra/database/database-backend';

/** `npm run db:migrate`: create the database if missing (embedded without DATABASE_URL) and apply pending migrations. */
withOpenDatabase(parseConfig(process.env), (config) =>
  prepareDatabase(config, (line) => process.stdout.write(`${line}\n`)),
).then(
  () => process.stdout.write('database is up to date\n'),
  (error: unknown) => {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
