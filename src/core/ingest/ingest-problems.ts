import { IngestProblem, IngestResult } from './ingest-batch';
import { INGEST_LIMIT_KEYS } from './ingest-limits';

export const MAX_REPORTED_PROBLEMS = 50;

interface Positioned {
  readonly pos: number;
  readonly problem: IngestProblem;
}

/**
 * Collects problems of one request. Keeps the first `MAX_REPORTED_PROBLEMS`, counts the rest.
 * `pos` orders the report (line number, or entry/sample index): problems found late, such as duplicates,
 * are listed where they occur.
 */
export class ProblemCollector {
  private readonly kept: Positioned[] = [];
  private total = 0;
  private onlySampleCount = true;

  get count(): number {
    return this.total;
  }

  add(pos: number, where: string, message: string, limit?: string): void {
    this.total++;
    if (limit !== INGEST_LIMIT_KEYS.maxSamplesPerRequest) {
      this.onlySampleCount = false;
    }
    if (this.kept.length < MAX_REPORTED_PROBLEMS) {
      this.kept.push({ pos, problem: limit === undefined ? { where, message } : { where, message, limit } });
    }
  }

  /** The failed result; only meaningful when `count > 0`. */
  failure(): IngestResult {
    const problems = this.kept
      .slice()
      .sort((a, b) => a.pos - b.pos)
      .map((entry) => entry.problem);
    const more = this.total - this.kept.length;
    if (more > 0) {
      problems.push({ where: 'request', message: `... and ${more} more` });
    }
    return this.onlySampleCount ? { ok: false, problems, tooLarge: true } : { ok: false, problems };
  }
}
