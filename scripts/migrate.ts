import { prepareDatabase } from 'src/bootstrap';
import { parseConfig } from 'src/config/app-config';

/** `npm run db:migrate`: create the database if missing and apply pending migrations. */
prepareDatabase(parseConfig(process.env), (line) => process.stdout.write(`${line}\n`)).then(
  () => process.stdout.write('database is up to date\n'),
  (error: unknown) => {
    process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
