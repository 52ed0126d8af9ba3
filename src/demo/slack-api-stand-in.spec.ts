import { SlackApiStandIn } from './slack-api-stand-in';

const TOKEN = 'xoxb-stand-in-token';

describe('SlackApiStandIn', () => {
  const standIn = new SlackApiStandIn({ token: TOKEN });

  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  async function call(
    method: string,
    body: string,
    contentType: string,
    token: string | null = TOKEN,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (token !== null) {
      headers['Authorization'] = `Bearer ${token}`;
    }
    const res = await fetch(`${standIn.url}${method}`, { method: 'POST', headers, body });
    const text = await res.text();
    return {
      status: res.status,
      json: res.status === 200 ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();
  const FORM = 'application/x-www-form-urlencoded';
  const JSON_TYPE = 'application/json; charset=utf-8';

  it('serves under http://127.0.0.1:PORT/api/', () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('accepts form-encoded posts with JSON-encoded blocks, like the WebClient sends', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    const { json } = await call(
      'chat.postMessage',
      form({ channel: 'CFORM', text: 'hello', blocks: JSON.stringify(blocks) }),
      FORM,
    );
    expect(json).toMatchObject({ ok: true, channel: 'CFORM', message: { text: 'hello', blocks } });
    expect(standIn.messages().filter((m) => m.channel === 'CFORM')).toEqual([
      { method: 'chat.postMessage', channel: 'CFORM', ts: json['ts'], text: 'hello', blocks },
    ]);
  });

  it('accepts JSON bodies', async () => {
    const { json } = await call(
      'chat.postMessage',
      JSON.stringify({ channel: 'CJSON', text: 'json', blocks: [{ type: 'divider' }] }),
      JSON_TYPE,
    );
    expect(json['ok']).toBe(true);
    expect(standIn.messages().find((m) => m.channel === 'CJSON')?.blocks).toEqual([{ type: 'divider' }]);
  });

  it('hands out unique, increasing, Slack-shaped ts values', async () => {
    const tss: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { json } = await call('chat.postMessage', form({ channel: 'CTS', text: `m${i}` }), FORM);
      tss.push(String(json['ts']));
    }
    for (const ts of tss) {
      expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    }
    expect([...tss].sort()).toEqual(tss);
    expect(new Set(tss).size).toBe(5);
  });

  it('records updates and thread replies of known messages only', async () => {
    const { json: posted } = await call('chat.postMessage', form({ channel: 'CUPD', text: 'v1' }), FORM);
    const ts = String(posted['ts']);
    expect((await call('chat.update', form({ channel: 'CUPD', ts, text: 'v2' }), FORM)).json).toMatchObject({
      ok: true,
      ts,
    });
    const { json: reply } = await call(
      'chat.postMessage',
      form({ channel: 'CUPD', thread_ts: ts, text: 'r' }),
      FORM,
    );
    expect(reply).toMatchObject({ ok: true, message: { thread_ts: ts } });
    expect(
      (await call('chat.update', form({ channel: 'CUPD', ts: '1.000001', text: 'x' }), FORM)).json,
    ).toEqual({
      ok: false,
      error: 'message_not_found',
    });
    expect(
      (await call('chat.postMessage', form({ channel: 'CUPD', thread_ts: '1.000001', text: 'x' }), FORM))
        .json,
    ).toEqual({ ok: false, error: 'thread_not_found' });
    expect(standIn.messages().filter((m) => m.channel === 'CUPD')).toEqual([
      { method: 'chat.postMessage', channel: 'CUPD', ts, text: 'v1', blocks: undefined },
      { method: 'chat.update', channel: 'CUPD', ts, text: 'v2', blocks: undefined },
      {
        method: 'chat.postMessage',
        channel: 'CUPD',
        ts: reply['ts'],
        threadTs: ts,
        text: 'r',
        blocks: undefined,
      },
    ]);
  });

  it('requires the bearer token', async () => {
    const before = standIn.messages().length;
    expect(
      (await call('chat.postMessage', form({ channel: 'C', text: 'x' }), FORM, 'xoxb-wrong')).json,
    ).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect((await call('chat.postMessage', form({ channel: 'C', text: 'x' }), FORM, null)).json).toEqual({
      ok: false,
      error: 'not_authed',
    });
    expect(standIn.messages().length).toBe(before);
  });

  it('answers auth.test and refuses unknown methods and malformed input', async () => {
    expect((await call('auth.test', '', FORM)).json).toMatchObject({ ok: true, user_id: 'U00000000' });
    expect((await call('chat.delete', form({ channel: 'C', ts: '1.1' }), FORM)).json).toEqual({
      ok: false,
      error: 'unknown_method',
    });
    expect(
      (await call('chat.postMessage', form({ channel: 'C', text: 'x', blocks: '[' }), FORM)).json,
    ).toEqual({
      ok: false,
      error: 'invalid_blocks_format',
    });
    expect((await call('chat.postMessage', form({ channel: 'C' }), FORM)).json).toEqual({
      ok: false,
      error: 'no_text',
    });
    expect((await call('chat.postMessage', form({ text: 'x' }), FORM)).json).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
  });

  it('fails the next N calls with the given status and headers, then recovers', async () => {
    standIn.failNext(2, 429, { 'Retry-After': '3' });
    const first = await fetch(`${standIn.url}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': FORM },
      body: form({ channel: 'CFAIL', text: 'x' }),
    });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    await first.text();
    expect((await call('chat.postMessage', form({ channel: 'CFAIL', text: 'x' }), FORM)).status).toBe(429);
    expect((await call('chat.postMessage', form({ channel: 'CFAIL', text: 'x' }), FORM)).json['ok']).toBe(
      true,
    );
    expect(standIn.messages().filter((m) => m.channel === 'CFAIL')).toHaveLength(1);
  });

  it('answers the next N calls with a Slack error', async () => {
    standIn.errorNext(1, 'channel_not_found');
    expect((await call('chat.postMessage', form({ channel: 'CERR', text: 'x' }), FORM)).json).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect((await call('chat.postMessage', form({ channel: 'CERR', text: 'x' }), FORM)).json['ok']).toBe(
      true,
    );
  });

  it('waits for past and future calls and times out with what it saw', async () => {
    await expect(standIn.waitFor((m) => m.channel === 'CFORM', 10)).resolves.toMatchObject({ text: 'hello' });
    const waiting = standIn.waitFor((m) => m.channel === 'CLATER', 2000);
    await call('chat.postMessage', form({ channel: 'CLATER', text: 'later' }), FORM);
    await expect(waiting).resolves.toMatchObject({ text: 'later' });
    await expect(standIn.waitFor((m) => m.channel === 'CNEVER', 50)).rejects.toThrow(
      /no matching Slack call within 50ms/,
    );
  });
});
