import { signLink } from 'src/core/auth/signed-link';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: queue
    interval: 1s
    rules:
      - alert: QueueStuck
        expr: queue_depth > 100
        annotations: { summary: '<b>queue</b> {{ $labels.queue }} is stuck' }
`;
const SECRET = 'link-secret-for-tests';

describe('acknowledge links in emails', () => {
  const env = new TestEnvironment();

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api', 'worker'], {
      RULES_DIR: await writeRules({ 'queue.yaml': RULES }),
      LINK_SIGNING_SECRET: SECRET,
    });
  });

  afterAll(async () => {
    await env.tearDown();
  });

  it('show a confirmation on GET (scanners prefetch links) and acknowledge on POST only', async () => {
    const token = await env.createToken();
    const T = slotStart(Date.now() - 60_000, 1000);
    await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: `queue_depth{queue="orders"} 500 ${T}`,
    });
    await env.get(EvaluationService).evaluateGroup('queue', T);
    const mail = await env.smtp.waitFor((sent) => (sent.subject ?? '').startsWith('[FIRING]'), 15_000);
    const link = /Acknowledge: +(http:\/\/localhost:8080\/ack\/[A-Za-z0-9_.-]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeDefined();
    const path = new URL(link ?? '').pathname;

    const page = await fetch(`${env.url}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post"><button type="submit">Acknowledge</button></form>');
    expect(html).toContain('&lt;b&gt;queue&lt;/b&gt; orders is stuck');
    const [alert] = await env.get(PrismaService).alert.findMany();
    expect(alert?.acknowledgedAt).toBeNull();

    const done = await fetch(`${env.url}${path}`, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Acknowledged by email link.');
    const acknowledged = await env.get(PrismaService).alert.findUnique({ where: { id: alert?.id ?? '' } });
    expect(acknowledged).toMatchObject({ ackSource: 'email', acknowledgedBy: 'email link' });

    const tampered = await fetch(`${env.url}${path.slice(0, -2)}xx`, { method: 'POST' });
    expect(tampered.status).toBe(400);
    const expired = signLink(SECRET, {
      action: 'ack',
      subjectId: alert?.id ?? '',
      expiresMs: Date.now() - 1,
    });
    expect((await fetch(`${env.url}/ack/${expired}`, { method: 'POST' })).status).toBe(410);
  });
});
