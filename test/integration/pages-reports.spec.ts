import { lastWeeks } from 'src/core/reports/report-period';
import { ReportView } from 'src/core/reports/report-view';
import { SeedIncident } from '../../scripts/seed-history-data';
import { TestEnvironment } from '../support/test-app';
import { startSeededApi } from '../pages/seeded-app';

describe('/reports on the seeded history', () => {
  const env = new TestEnvironment();
  let incidents: SeedIncident[];
  let token: string;

  beforeAll(async () => {
    incidents = await startSeededApi(env);
    token = await env.createToken(['read']);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    fetch(`${env.url}${path}`, { headers, redirect: 'manual' });

  it('counts the seeded incidents of the last 8 weeks in JSON, and the CSV has the same numbers', async () => {
    const range = lastWeeks(8, Date.now());
    const inRange = incidents.filter((incident) => incident.startedAtMs >= range.startMs);
    const response = await get('/reports?format=json');
    expect(response.status).toBe(200);
    const view = (await response.json()) as ReportView;
    expect(view.totals.incidents).toBe(inRange.length);
    expect(view.totals.open).toBe(inRange.filter((incident) => incident.resolvedAtMs === null).length);
    expect(view.totals.unacknowledged).toBe(
      inRange.filter((incident) => incident.acknowledgedAtMs === null).length,
    );
    expect(view.trend).toHaveLength(8);
    expect(view.trend.reduce((sum, week) => sum + week.incidents, 0)).toBe(inRange.length);
    expect(view.byService.map((row) => row.key).sort()).toEqual([
      'auth',
      'checkout',
      'inventory',
      'notifications',
      'search',
    ]);
    expect(view.noisyRules[0]?.ruleName).toBe('QueueBacklogHigh');

    const csv = await (await get('/reports?format=csv')).text();
    const lines = csv.trimEnd().split('\r\n');
    const header = lines[0]?.split(',') ?? [];
    const total = lines[1]?.split(',') ?? [];
    const column = (name: string) => total[header.indexOf(name)];
    expect(column('by')).toBe('total');
    expect(Number(column('incidents'))).toBe(view.totals.incidents);
    expect(Number(column('mttr_p50_s'))).toBe(view.totals.mttr.p50Seconds);
    expect(Number(column('mtta_p90_s'))).toBe(view.totals.mtta.p90Seconds);
    expect(lines).toHaveLength(1 + 1 + 8 + 5 + 5 + 3);
  });

  it('filters by service and by a named week', async () => {
    const checkout = (await (await get('/reports?format=json&service=checkout')).json()) as ReportView;
    const range = lastWeeks(8, Date.now());
    expect(checkout.totals.incidents).toBe(
      incidents.filter((incident) => incident.service === 'checkout' && incident.startedAtMs >= range.startMs)
        .length,
    );
    const week = (await (await get('/reports?format=json&period=2026-W47')).json()) as ReportView;
    expect(week.period).toEqual({
      label: '2026-W47',
      start: '2026-11-16T00:00:00.000Z',
      end: '2026-11-23T00:00:00.000Z',
    });
  });

  it('answers a bad period with a 400 that names the field', async () => {
    const response = await get('/reports?format=json&period=2026-W99');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'bad period "2026-W99"',
      problems: [{ where: 'period', message: '2026 has ISO weeks 01 to 53' }],
    });
  });

  it('sends a browser without a token to /login, and signs it in with a cookie', async () => {
    const anonymous = await get('/reports?period=2026-W47', {});
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Freports%3Fperiod%3D2026-W47');
    const refused = await fetch(`${env.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=nope&next=%2Freports',
      redirect: 'manual',
    });
    expect(refused.status).toBe(401);
    const login = await fetch(`${env.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}&next=${encodeURIComponent('https://evil.example/')}`,
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^forewarn_token=[^;]+; .*HttpOnly; SameSite=Strict/);
    const page = await get('/reports', { cookie: cookie.split(';')[0] ?? '' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<svg');
    expect(html).toContain('data-testid="incidents"');
  });
});
