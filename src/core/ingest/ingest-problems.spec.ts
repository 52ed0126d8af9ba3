import { IngestResult } from './ingest-batch';
import { MAX_REPORTED_PROBLEMS, ProblemCollector } from './ingest-problems';

function failed(result: IngestResult): Extract<IngestResult, { ok: false }> {
  if (result.ok) {
    throw new Error('expected a failed result');
  }
  return result;
}

describe('ProblemCollector', () => {
  it('keeps the limit key only when given', () => {
    const problems = new ProblemCollector();
    problems.add(1, 'line 1', 'bad');
    problems.add(2, 'line 2', 'too many', 'INGEST_MAX_LABELS');
    expect(failed(problems.failure()).problems).toEqual([
      { where: 'line 1', message: 'bad' },
      { where: 'line 2', message: 'too many', limit: 'INGEST_MAX_LABELS' },
    ]);
  });

  it('lists problems by position, stable for equal positions', () => {
    const problems = new ProblemCollector();
    problems.add(5, 'line 5', 'late');
    problems.add(2, 'line 2', 'first');
    problems.add(2, 'line 2', 'second');
    expect(failed(problems.failure()).problems.map((p) => p.message)).toEqual(['first', 'second', 'late']);
  });

  it.each([
    [MAX_REPORTED_PROBLEMS, MAX_REPORTED_PROBLEMS, undefined],
    [MAX_REPORTED_PROBLEMS + 1, MAX_REPORTED_PROBLEMS + 1, '... and 1 more'],
    [120, MAX_REPORTED_PROBLEMS + 1, '... and 70 more'],
  ])('reports %d problems as %d entries (summary %j)', (added, listed, summary) => {
    const problems = new ProblemCollector();
    for (let i = 1; i <= added; i++) {
      problems.add(i, `line ${i}`, 'bad');
    }
    const result = failed(problems.failure());
    expect(problems.count).toBe(added);
    expect(result.problems).toHaveLength(listed);
    expect(result.problems[MAX_REPORTED_PROBLEMS]).toEqual(
      summary === undefined ? undefined : { where: 'request', message: summary },
    );
  });

  it.each([
    [['INGEST_MAX_SAMPLES'], true],
    [['INGEST_MAX_SAMPLES', 'INGEST_MAX_LABELS'], undefined],
    [['INGEST_MAX_SAMPLES', undefined], undefined],
    [['RETENTION_RAW'], undefined],
  ])('with limits %j, tooLarge is %s', (limits, tooLarge) => {
    const problems = new ProblemCollector();
    limits.forEach((limit, i) => problems.add(i, `line ${i}`, 'x', limit));
    expect(failed(problems.failure()).tooLarge).toBe(tooLarge);
  });
});
