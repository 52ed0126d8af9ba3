import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { eventually } from '../support/eventually';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: latency
    interval: 1s
    rules:
      - alert: LatencyHigh
        expr: max by (service) (max_over_time(latency_seconds{service="checkout"}[10s])) > 0.5
        for: 20s
        labels:
          severity: critical
`;
const BROKEN = RULES.replace('for: 20s', 'for: 20s\n        anotations: {}');
const FIXED = `${RULES}      - alert: LatencyCritical
        expr: max by (service) (max_over_time(latency_seconds{service="checkout"}[10s])) > 5
`;
const S = 1000;

interface RulesResponse {
  data: {
    lastReload: { success: boolean; problems: string[] };
    groups: Array<{
      name: string;
      rules: Array<{ name: string; health: string; alerts: Array<{ state: string; activeAt: string }> }>;
    }>;
  };
}

/** Hot reload with a running service: valid → broken → fixed, with an alert firing throughout. */
describe('rules: hot reload, status API and health', () => {
  const env = new TestEnvironment();
  let dir: string;
  let tokens: { ingest: string; read: string; admin: string };

  beforeAll(async () => {
    await env.setUp();
    dir = await writeRules({ 'latency.yaml': RULES });
    await env.start(['api', 'worker'], { RULES_DIR: dir, RULES_WATCH: 'true' });
    tokens = {
      ingest: await env.createToken(['ingest']),
      read: await env.createToken(['read']),
      admin: await env.createToken(['admin']),
    };
  });

  afterAll(async () => {
    await env.tearDown();
  });

  const get = async <T>(path: string, token = tokens.read): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${env.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const rules = async () => (await get<RulesResponse>('/api/v1/rules')).body.data;
  const evaluate = (slotMs: number) => env.get(EvaluationService).evaluateGroup('latency', slotMs);

  it('keeps the previous rules and the firing alert through a broken file, then picks up the fix', async () => {
    const T = slotStart(Date.now() - 5 * 60_000, S);
    const body = [T - 5 * S, T, T + 15 * S, T + 22 * S]
      .map((ts) => `latency_seconds{service="checkout"} 0.9 ${ts}`)
      .join('\n');
    const pushed = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.ingest}` },
      body,
    });
    expect(pushed.status).toBe(200);
    await evaluate(T);
    await evaluate(T + 20 * S);
    const firing = (await rules()).groups[0]?.rules[0]?.alerts[0];
    expect(firing).toMatchObject({ state: 'firing', activeAt: new Date(T).toISOString() });

    await writeFile(join(dir, 'latency.yaml'), BROKEN);
    const broken = await eventually(async () => {
      const data = await rules();
      return data.lastReload.success ? undefined : data;
    });
    expect(broken.lastReload.problems).toEqual([
      `${join(dir, 'latency.yaml')}:8:9: error: unknown key "anotations" (did you mean "annotations"?)`,
    ]);
    expect(broken.groups.map((group) => group.rules.map((rule) => rule.name))).toEqual([['LatencyHigh']]);

    const ready = await fetch(`${env.url}/health/ready`);
    expect(ready.status).toBe(200);
    const health = (await ready.json()) as {
      details: { rules: { lastReloadSuccess: boolean; problems: string[] } };
    };
    expect(health.details.rules.lastReloadSuccess).toBe(false);
    expect(health.details.rules.problems[0]).toContain('unknown key "anotations"');
    expect(await (await fetch(`${env.url}/metrics`)).text()).toMatch(
      /^forewarn_rules_last_reload_success 0$/m,
    );

    expect(await evaluate(T + 25 * S)).toBe('evaluated'); // the previous rules still run
    await writeFile(join(dir, 'latency.yaml'), FIXED);
    const fixed = await eventually(async () => {
      const data = await rules();
      return data.lastReload.success ? data : undefined;
    });
    expect(fixed.groups[0]?.rules.map((rule) => rule.name)).toEqual(['LatencyHigh', 'LatencyCritical']);
    expect(await (await fetch(`${env.url}/metrics`)).text()).toMatch(
      /^forewarn_rules_last_reload_success 1$/m,
    );

    await evaluate(T + 30 * S);
    const after = await rules();
    expect(after.groups[0]?.rules[0]).toMatchObject({
      health: 'ok',
      alerts: [{ state: 'firing', activeAt: new Date(T).toISOString() }],
    });
    expect(after.groups[0]?.rules[1]).toMatchObject({ name: 'LatencyCritical', health: 'ok', alerts: [] });
    await env.slack.waitFor((call) => call.method === 'chat.postMessage', 10_000);
    expect(env.slack.messages().filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('reloads on request with an admin token only', async () => {
    const denied = await fetch(`${env.url}/api/v1/rules/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.read}` },
    });
    expect(denied.status).toBe(403);
    const response = await fetch(`${env.url}/api/v1/rules/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'success',
      data: { success: true, groups: 1, rules: 2 },
    });
  });

  it('lists alerts by state and names a bad filter', async () => {
    const firing = await get<{ data: { alerts: Array<{ rule: string; labels: Record<string, string> }> } }>(
      '/api/v1/alerts?state=firing',
    );
    expect(firing.status).toBe(200);
    expect(firing.body.data.alerts.map((alert) => [alert.rule, alert.labels.service])).toEqual([
      ['LatencyHigh', 'checkout'],
    ]);
    const bad = await get<{ problems: Array<{ where: string }> }>('/api/v1/alerts?state=bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]?.where).toBe('query.state');
    expect((await get('/api/v1/alerts', tokens.ingest)).status).toBe(403);
  });

  it('resolves, with a notification, the firing alert of a rule removed from its file', async () => {
    const onlyCritical = FIXED.replace(/ {6}- alert: LatencyHigh\n(?: {8}.*\n)+?(?= {6}- alert)/, '');
    expect(onlyCritical).not.toContain('LatencyHigh');
    await writeFile(join(dir, 'latency.yaml'), onlyCritical);
    await eventually(async () => {
      const data = await rules();
      return data.lastReload.success && data.groups[0]?.rules.length === 1 ? data : undefined;
    });
    const T = slotStart(Date.now(), S);
    await evaluate(T);
    const resolved = await get<{ data: { alerts: Array<{ rule: string }> } }>(
      '/api/v1/alerts?state=resolved',
    );
    expect(resolved.body.data.alerts.map((alert) => alert.rule)).toEqual(['LatencyHigh']);
    const posted = await env.slack.waitFor((call) => call.method === 'chat.postMessage', 10_000);
    const update = await env.slack.waitFor((call) => call.method === 'chat.update', 10_000);
    expect(update.ts).toBe(posted.ts);
    await env.slack.waitFor((call) => call.threadTs === posted.ts, 10_000);
  });
});
