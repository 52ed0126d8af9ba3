import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from 'src/core/notifications/webhook-signature';
import { PrismaService } from 'src/infra/database/prisma.service';
import { EvaluationService } from 'src/modules/evaluation/evaluation.service';
import { slotStart } from 'src/modules/evaluation/evaluation.scheduler';
import { eventually } from '../support/eventually';
import { TestEnvironment, writeRules } from '../support/test-app';

const RULES = `groups:
  - name: queue
    interval: 1s
    rules:
      - alert: QueueStuck
        expr: queue_depth > 100
        labels: { severity: critical }
        annotations: { summary: 'queue {{ $labels.queue }} holds {{ $value }}' }
`;
const SECRET = 'webhook-secret-for-tests';

interface Received {
  readonly body: string;
  readonly signature: string | undefined;
}

/** A webhook receiver that answers 500 to the first request, then 200, and records what it got. */
class Receiver {
  readonly received: Received[] = [];
  private server?: Server;
  private requests = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests += 1;
        if (this.requests === 1) {
          response.writeHead(500).end('try again');
          return;
        }
        const signature = request.headers['x-forewarn-signature'];
        this.received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: Array.isArray(signature) ? signature[0] : signature,
        });
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/hooks/forewarn`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('webhook receiver', () => {
  const env = new TestEnvironment();
  const receiver = new Receiver();

  beforeAll(async () => {
    await env.setUp();
    await receiver.start();
    await env.start(['api', 'worker'], {
      RULES_DIR: await writeRules({ 'queue.yaml': RULES }),
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: SECRET,
    });
  });

  afterAll(async () => {
    await env.tearDown();
    await receiver.stop();
  });

  it('gets Alertmanager v4 payloads, signed, retried after a 500, firing then resolved', async () => {
    const token = await env.createToken();
    const T = slotStart(Date.now() - 60_000, 1000);
    const push = async (value: number, ts: number) => {
      const response = await fetch(`${env.url}/api/v1/write`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: `queue_depth{queue="orders"} ${value} ${ts}`,
      });
      expect(response.status).toBe(200);
    };
    await push(500, T);
    await env.get(EvaluationService).evaluateGroup('queue', T);
    await push(3, T + 1000);
    await env.get(EvaluationService).evaluateGroup('queue', T + 1000);

    await eventually(async () => (receiver.received.length >= 2 ? true : undefined));
    const [firing, resolved] = receiver.received.map(
      (entry) => JSON.parse(entry.body) as Record<string, unknown>,
    );
    expect(firing).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'default',
      groupLabels: { alertname: 'QueueStuck' },
      commonLabels: { alertname: 'QueueStuck', queue: 'orders', severity: 'critical' },
      truncatedAlerts: 0,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'QueueStuck', queue: 'orders', severity: 'critical' },
          annotations: { summary: 'queue orders holds 500' },
          startsAt: new Date(T).toISOString().replace('.000Z', 'Z'),
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        },
      ],
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      alerts: [{ endsAt: new Date(T + 1000).toISOString().replace('.000Z', 'Z') }],
    });
    for (const entry of receiver.received) {
      expect(verifyWebhookSignature(SECRET, entry.signature, entry.body, Date.now())).toEqual({ ok: true });
    }
    // The receiver has both requests; the outbox records a delivery right after the receiver answers.
    const rows = await eventually(async () => {
      const found = await env
        .get(PrismaService)
        .notificationOutbox.findMany({ where: { channel: 'webhook' } });
      return found.every((row) => row.status !== 'pending') ? found : undefined;
    });
    expect(rows.map((row) => [row.event, row.status]).sort()).toEqual([
      ['firing', 'delivered'],
      ['resolved', 'delivered'],
    ]);
    // The 500 cost the firing notification one retry; the resolution may have waited for it (another attempt).
    expect(rows.find((row) => row.event === 'firing')?.attempts).toBe(2);

    const metrics = await (await fetch(`${env.url}/metrics`)).text();
    expect(metrics).toContain('forewarn_notification_outbox_pending{channel="webhook"} 0');
    expect(metrics).toMatch(
      /forewarn_notification_failures_total\{channel="webhook",retryable="true"\} [12]\n/,
    );
  }, 20_000);
});
