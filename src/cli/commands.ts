import { prepareDatabase } from '../bootstrap';
import { AppConfig } from '../config/app-config';
import { TOKEN_SCOPES, TokenScope } from '../core/auth/api-token';
import { formatRuleProblem, loadRuleFiles } from '../core/rules/load-rule-file';
import { withDatabaseContext } from './database-context';
import { AuthModule } from '../modules/auth/auth.module';
import { ApiTokenService } from '../modules/auth/api-token.service';
import { readRuleFolder } from '../modules/rules/rule-registry.service';
import { readFile, stat } from 'node:fs/promises';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

export async function runMigrateCommand(config: AppConfig): Promise<number> {
  await prepareDatabase(config, out);
  out('database is up to date');
  return 0;
}

export async function runTokenCreateCommand(
  config: AppConfig,
  name: string | undefined,
  scopesText: string,
): Promise<number> {
  if (name === undefined || name === '') {
    err('usage: forewarn token create NAME [--scopes ingest,read,admin]');
    return 2;
  }
  const scopes = scopesText.split(',').map((scope) => scope.trim());
  const unknown = scopes.filter((scope) => !(TOKEN_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0 || scopes.length === 0) {
    err(`unknown scope(s): ${unknown.join(', ')}; use ${TOKEN_SCOPES.join(', ')}`);
    return 2;
  }
  await prepareDatabase(config, err);
  return withDatabaseContext(config, { imports: [AuthModule] }, async (app) => {
    const { token } = await app.get(ApiTokenService).create(name, scopes as TokenScope[]);
    err(`created API token "${name}" with scopes ${scopes.join(',')}; it is shown once:`);
    out(token);
    return 0;
  });
}

/** `forewarn rules check [PATH...]`: every problem as `file:line:col: severity: message`; exit 1 on errors. */
export async function runRulesCheckCommand(paths: string[], config: AppConfig): Promise<number> {
  const files: Array<{ file: string; text: string }> = [];
  for (const path of paths.length > 0 ? paths : [config.RULES_DIR]) {
    if ((await stat(path)).isDirectory()) {
      files.push(...(await readRuleFolder(path)));
    } else {
      files.push({ file: path, text: await readFile(path, 'utf8') });
    }
  }
  const { groups, problems } = loadRuleFiles(files);
  for (const problem of problems) {
    err(formatRuleProblem(problem));
  }
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const rules = groups.reduce((sum, group) => sum + group.rules.length, 0);
  out(
    `${files.length} file(s), ${groups.length} group(s), ${rules} rule(s): ${errors} error(s), ${problems.length - errors} warning(s)`,
  );
  return errors > 0 ? 1 : 0;
}
