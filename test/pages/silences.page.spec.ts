import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { eventually } from '../support/eventually';
import { QUEUE_STUCK_RULES } from '../support/queue-rules';
import { TestEnvironment, writeRules } from '../support/test-app';
import { ARTIFACTS, signedInPage } from './browser';

jest.setTimeout(60_000);

describe('the silences page in Chromium', () => {
  const env = new TestEnvironment();
  let browser: Browser;
  let page: Page;
  let admin: string;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], { RULES_DIR: await writeRules({ 'queue.yaml': QUEUE_STUCK_RULES }) });
    admin = await env.createToken(['admin']);
    // QueueStuck fires for service="orders", and its incident is notified.
    const T = slotStart(Date.now() - 5_000, 1000);
    const pushed = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' },
      body: `queue_depth{queue="q1"} 500 ${T}`,
    });
    expect(pushed.status).toBe(200);
    expect(await env.get(EvaluationService).evaluateGroup('queue', T)).toBe('evaluated');
    ({ browser, page } = await signedInPage(env.url, admin));
  });

  afterAll(async () => {
    await browser?.close();
    await env.tearDown();
  });

  const prisma = () => env.get(PrismaService);
  const submit = async (fields: { matchers: string; duration: string; comment: string }) => {
    await page.goto(`${env.url}/silences`);
    await page.getByLabel('Matchers').fill(fields.matchers);
    await page.getByLabel('Duration').fill(fields.duration);
    await page.getByLabel('Comment').fill(fields.comment);
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Create silence' }).click(),
    ]);
    await page.waitForLoadState();
  };

  it('refuses bad matchers with the problem next to the field, keeping what was typed', async () => {
    await submit({ matchers: 'service checkout', duration: '90m', comment: 'db move, OPS-12' });
    expect(new URL(page.url()).pathname).toBe('/silences');
    expect(await page.textContent('[data-testid=form-error]')).toContain('The silence was not created');
    expect(await page.textContent('[data-testid=matchers-error]')).toBe(
      'bad matcher format: service checkout (at character 1)',
    );
    expect(await page.getAttribute('input[name=matchers]', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('input[name=matchers]')).toBe('service checkout');
    expect(await page.inputValue('input[name=duration]')).toBe('90m');
    expect(await page.inputValue('input[name=comment]')).toBe('db move, OPS-12');
    expect(await page.locator('[data-testid=duration-error]').count()).toBe(0);
    expect(await prisma().silence.count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'silences-form-error.png'), fullPage: true });
  });

  it('creates a silence from the form: listed as active, muting the firing alert, in the audit log', async () => {
    await submit({ matchers: 'service="orders"', duration: '1h', comment: 'queue migration' });
    expect(new URL(page.url()).pathname).toBe('/silences');
    const active = page.locator('[data-testid=active-silences] tbody tr');
    expect(await active.count()).toBe(1);
    const row = await active.first().textContent();
    expect(row).toContain('{service="orders"}');
    expect(row).toContain('queue migration');
    expect(row).toContain('just changed');
    expect(await active.first().locator('[data-testid=alerts-muted]').textContent()).toBe('1');

    const [silence] = await prisma().silence.findMany();
    expect(silence?.endsAt.getTime()).toBe((silence?.startsAt.getTime() ?? 0) + 3_600_000);
    // Applied: the next flush of the incident holds the alert back because of it.
    const muted = await eventually(async () => {
      const alert = await prisma().incidentAlert.findFirst({ where: { ruleName: 'QueueStuck' } });
      return alert?.muted === `silenced by ${silence?.id ?? ''}` ? alert : undefined;
    });
    expect(await prisma().alertMute.findMany({ where: { fingerprint: muted.fingerprint } })).toEqual([
      expect.objectContaining({ kind: 'silenced', endedAt: null }),
    ]);
    const audit = await prisma().auditLog.findMany();
    expect(audit).toEqual([
      expect.objectContaining({
        source: 'page',
        action: 'silence.create',
        target: silence?.id,
        actor: expect.stringMatching(/^test-/),
      }),
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'silences-active.png'), fullPage: true });
  });

  it('refuses writes to a read-only token', async () => {
    const reader = await env.createToken(['read']);
    const response = await fetch(`${env.url}/silences`, {
      method: 'POST',
      headers: { cookie: `forewarn_token=${reader}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'matchers=service%3D%22x%22&duration=1h&comment=c',
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(await prisma().silence.count()).toBe(1);
  });

  it('expires a silence with its Expire button: it moves to the expired list and stops muting', async () => {
    await page.goto(`${env.url}/silences`);
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Expire silence {service="orders"}' }).click(),
    ]);
    await page.waitForLoadState();
    expect(await page.locator('[data-testid=active-silences] tbody tr').count()).toBe(0);
    const expired = await page.textContent('[data-testid=expired-silences]');
    expect(expired).toContain('{service="orders"}');
    expect(expired).toContain('just changed');
    expect(await page.textContent('[data-testid=expired-count]')).toBe(
      'Showing 1 of 1 expired, the most recently ended first.',
    );
    await eventually(async () => {
      const alert = await prisma().incidentAlert.findFirst({ where: { ruleName: 'QueueStuck' } });
      return alert?.muted === null ? alert : undefined;
    });
    const [mute] = await prisma().alertMute.findMany();
    expect(mute?.endedAt).not.toBeNull();
    expect(
      (await prisma().auditLog.findMany({ orderBy: { at: 'asc' } })).map((entry) => entry.action),
    ).toEqual(['silence.create', 'silence.expire']);
    await page.screenshot({ path: join(ARTIFACTS, 'silences-expired.png'), fullPage: true });
  });
});
