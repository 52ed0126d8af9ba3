import { runBacktestCommand } from 'src/cli/backtest.command';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: disks
    interval: 1m
    rules:
      - alert: DiskWillFill
        kind: forecast
        series: disk_used_percent
        method: linear
        lookback: 1h
        threshold: 90
        horizon: 2h
        for: 5m
      - alert: DiskAlmostFull
        expr: disk_used_percent > 85
`;

const MINUTE = 60_000;
const HOUR = 3_600_000;

describe('forewarn backtest', () => {
  const env = new TestEnvironment();
  // Five hours of a disk growing 10% an hour from 50%: full (90%) four hours in.
  const end = slotStart(Date.now() - 10 * MINUTE, MINUTE);
  const start = end - 5 * HOUR;
  const full = start + 4 * HOUR;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api'], { RULES_DIR: await writeRules({ 'disks.yaml': RULES }) });
    const token = await env.createToken();
    const lines: string[] = [];
    for (let ts = start; ts <= end; ts += MINUTE) {
      lines.push(
        `disk_used_percent{instance="db-1"} ${Math.min(100, 50 + (10 * (ts - start)) / HOUR)} ${ts}`,
      );
    }
    const response = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: lines.join('\n'),
    });
    expect(response.status).toBe(200);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runBacktestCommand(
      args,
      env.config,
      (line) => out.push(line),
      (line) => err.push(line),
      end,
    );
    return { code, out, err };
  };

  it('replays a forecast rule over stored data and reports its lead time over the incident', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const { code, out, err } = await run([
      'DiskWillFill',
      '--from',
      iso(start + HOUR),
      '--to',
      iso(end),
      '--incident-start',
      iso(full),
    ]);
    expect(code).toBe(0);
    expect(err).toContainEqual(expect.stringMatching(/^ {2}100% \(241\/241 evaluations\)$/));
    // Crossing within 2h from 70% (2h in), firing 5m later: about 1h55m before the disk is full.
    const firing = out.filter((line) => line.includes('FIRING'));
    expect(firing).toHaveLength(1);
    const firedAt = Date.parse(firing[0]?.slice(0, 20) ?? '');
    expect(firedAt).toBeGreaterThanOrEqual(start + 2 * HOUR + 5 * MINUTE);
    expect(firedAt).toBeLessThanOrEqual(start + 2 * HOUR + 7 * MINUTE);
    expect(firing[0]).toMatch(/FIRING +\{alertname="DiskWillFill", instance="db-1"\} value=7\d/);
    expect(out).toContainEqual(
      expect.stringMatching(/^incident: first fired 1h5\dm before the incident started$/),
    );

    const json = await run(['DiskAlmostFull', '--from', '4h', '--json', '--incident-start', iso(full)]);
    const result = JSON.parse(json.out.join('\n')) as {
      events: Array<{ kind: string; atMs: number }>;
      leadTimeMs: number;
    };
    // 85% is reached 3h30m in: 30 minutes before full.
    expect(result.events.map((event) => [event.kind, event.atMs])).toEqual([
      ['firing', start + 3.5 * HOUR + MINUTE],
    ]);
    expect(result.leadTimeMs).toBe(29 * MINUTE);
  });

  it('rejects unknown rules and bad times with exit 2', async () => {
    expect((await run(['Nope', '--from', '1h'])).code).toBe(2);
    const bad = await run(['DiskWillFill', '--from', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/"yesterday" is neither an ISO 8601 time nor a duration/);
  });
});
