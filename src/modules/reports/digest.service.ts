import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { InvalidInputError } from 'src/core/errors';
import { digestContent } from 'src/core/reports/digest-content';
import { buildDigestMail } from 'src/core/reports/digest-mail';
import { parseDigestWeek } from 'src/core/reports/digest-week';
import { reportView } from 'src/core/reports/report-view';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { DigestOutboxEntry, OutboxRepository } from '../notifications/outbox.repository';
import { ReportsService } from './reports.service';

/** The outbox dedup key of a week's digest: one row, so one mail, per week. */
export const digestKey = (week: string) => `digest:${week}`;

/**
 * The weekly digest: the reliability report of an ISO week against the week before, rendered by the core and written
 * into the notification outbox once per week (dedup key `digest:2026-W47`), from where delivery sends it like any
 * other notification.
 */
@Injectable()
export class DigestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly reports: ReportsService,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * Writes the digest of `weekText` (`2026-W47`) into the outbox unless the week has one already; returns the week's
   * row and whether this call wrote it. The report is only computed when the row is missing.
   */
  async prepare(weekText: string): Promise<{ entry: DigestOutboxEntry; added: boolean }> {
    const week = parseDigestWeek(weekText, this.reports.timeZone);
    const dedupKey = digestKey(week.label);
    const existing = await this.outbox.findDigest(dedupKey);
    if (existing !== undefined) {
      return { entry: existing, added: false };
    }
    if (this.config.DIGEST_TO.length === 0) {
      throw new InvalidInputError('the digest has no recipients', [
        { where: 'DIGEST_TO', message: "set DIGEST_TO to the managers' addresses" },
      ]);
    }
    const nowMs = this.clock.nowMs();
    const [view, previous] = await Promise.all([
      this.reports.report(week, {}, nowMs),
      this.reports.report(this.reports.previous(week), {}, nowMs),
    ]);
    const reportUrl = new URL(`/reports?period=${week.label}`, this.config.PUBLIC_URL).toString();
    const mail = buildDigestMail(
      digestContent(reportView(view), reportView(previous), reportUrl),
      new URL(this.config.PUBLIC_URL).hostname,
    );
    return this.outbox.addDigest({ dedupKey, to: this.config.DIGEST_TO, mail });
  }
}
