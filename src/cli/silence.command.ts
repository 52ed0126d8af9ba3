import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { AppConfig } from 'src/config/app-config';
import { formatMatchers } from 'src/core/routing/label-matchers';
import { silenceState } from 'src/core/routing/silence';
import { parseSilenceRequest } from 'src/core/silences/silence-request';
import { withDatabaseContext } from './database-context';
import { isUuid } from 'src/infra/http/is-uuid';
import { AuditRepository } from 'src/modules/audit/audit.repository';
import { SilenceRepository, StoredSilence } from 'src/modules/silences/silence.repository';
import { SilenceService } from 'src/modules/silences/silence.service';

const USAGE = `usage: forewarn silence add MATCHERS (--for DURATION | --until TIME) --comment TEXT [--author NAME] [--start TIME]
       forewarn silence list [--expired]
       forewarn silence expire ID
  MATCHERS as in Alertmanager: 'service="checkout",severity=~"warn.*"'`;

type Write = (line: string) => void;

export function formatSilence(silence: StoredSilence, nowMs: number): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return (
    `${silence.id}  ${silenceState(silence, nowMs).padEnd(7)}  ${iso(silence.startsAt)} → ${iso(silence.endsAt)}  ` +
    `${formatMatchers(silence.matchers)}  by ${silence.createdBy}: ${silence.comment} (muted ${silence.suppressed})`
  );
}

/** `forewarn silence add|list|expire`, straight on the database (as `token create`). */
export async function runSilenceCommand(
  args: string[],
  config: AppConfig,
  out: Write,
  err: Write,
  nowMs = Date.now(),
): Promise<number> {
  const [verb, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        for: { type: 'string' },
        until: { type: 'string' },
        start: { type: 'string' },
        comment: { type: 'string' },
        author: { type: 'string' },
        expired: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    err(`forewarn silence: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (verb !== 'add' && verb !== 'list' && verb !== 'expire') {
    err(USAGE);
    return 2;
  }
  const actor = { name: values.author ?? userInfo().username, source: 'cli' } as const;
  const providers = [SilenceRepository, AuditRepository, SilenceService];
  return withDatabaseContext(config, { providers }, async (app) => {
    const silences = app.get(SilenceRepository);
    const changes = app.get(SilenceService);
    if (verb === 'list') {
      (await silences.list(nowMs, values.expired)).forEach((silence) => out(formatSilence(silence, nowMs)));
      return 0;
    }
    if (verb === 'expire') {
      const id = positionals[0] ?? '';
      const expired = isUuid(id) ? await changes.expire(id, actor, nowMs) : undefined;
      if (expired === undefined) {
        err(`forewarn silence expire: no silence with id "${id}"`);
        return 1;
      }
      out(formatSilence(expired, nowMs));
      return 0;
    }
    const request = parseSilenceRequest(
      {
        matchers: positionals.join(','),
        ...(values.for === undefined ? {} : { duration: values.for }),
        ...(values.until === undefined ? {} : { endsAt: values.until }),
        ...(values.start === undefined ? {} : { startsAt: values.start }),
        createdBy: actor.name,
        comment: values.comment ?? '',
      },
      nowMs,
    );
    if (!request.ok) {
      const flag: Record<string, string> = { duration: '--for', endsAt: '--until', startsAt: '--start' };
      request.problems.forEach((problem) =>
        err(`forewarn silence add: ${flag[problem.where] ?? problem.where}: ${problem.message}`),
      );
      return 2;
    }
    out(formatSilence(await changes.create(request.silence, actor, nowMs), nowMs));
    return 0;
  });
}
