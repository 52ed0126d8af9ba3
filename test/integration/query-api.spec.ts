import { TestEnvironment } from '../support/test-app';

interface ApiReply {
  status: 'success' | 'error';
  data?: unknown;
  errorType?: string;
  error?: string;
}

/** Prometheus's HTTP query API over data pushed through the real ingest API into the real PostgreSQL. */
describe('query API (/api/v1/query, query_range, labels, series)', () => {
  const env = new TestEnvironment();
  let readToken: string;
  // A minute boundary in the recent past, so every step below is a round number of seconds.
  const T0 = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
  const sec = (ms: number) => ms / 1000;

  beforeAll(async () => {
    await env.setUp();
    await env.start(['api']);
    readToken = await env.createToken(['read']);
    const ingestToken = await env.createToken(['ingest']);
    // A counter growing by 15 per 15 s (rate 1/s) for two codes, and a gauge; 10 minutes of samples.
    const lines: string[] = [];
    for (let i = 0; i <= 40; i++) {
      const ts = T0 + i * 15_000;
      lines.push(`http_requests_total{job="api",code="200"} ${i * 15} ${ts}`);
      lines.push(`http_requests_total{job="api",code="500"} ${i * 30} ${ts}`);
      lines.push(`temperature_celsius{room="lab"} ${20 + (i % 2)} ${ts}`);
    }
    const response = await fetch(`${env.url}/api/v1/write`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'text/plain' },
      body: lines.join('\n'),
    });
    expect(response.status).toBe(200);
  });

  afterAll(async () => {
    await env.tearDown();
  });

  async function get(path: string, params: Record<string, string | string[]>, token = readToken) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        search.append(name, one);
      }
    }
    const response = await fetch(`${env.url}${path}?${search.toString()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as ApiReply };
  }

  it('answers an instant vector query in Prometheus format', async () => {
    const at = T0 + 5 * 60_000;
    const { status, body } = await get('/api/v1/query', {
      query: 'sum by (code) (http_requests_total - http_requests_total offset 1m)',
      time: String(sec(at)),
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'success',
      data: {
        resultType: 'vector',
        result: expect.arrayContaining([
          { metric: { code: '200' }, value: [sec(at), '60'] },
          { metric: { code: '500' }, value: [sec(at), '120'] },
        ]) as unknown,
      },
    });
    expect((body.data as { result: unknown[] }).result).toHaveLength(2);
  });

  it('takes RFC 3339 times, answers scalars, and a bare range selector with its raw samples', async () => {
    const at = T0 + 60_000;
    const scalar = await get('/api/v1/query', { query: '1 + 1', time: new Date(at).toISOString() });
    expect(scalar.body.data).toEqual({ resultType: 'scalar', result: [sec(at), '2'] });

    const raw = await get('/api/v1/query', { query: 'temperature_celsius[30s]', time: String(sec(at)) });
    expect(raw.body.data).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'temperature_celsius', room: 'lab' },
          values: [
            [sec(at - 15_000), '21'],
            [sec(at), '20'],
          ],
        },
      ],
    });
  });

  it('answers a range query as a matrix ordered by labels, from GET and from a form POST', async () => {
    const params = {
      query: 'http_requests_total{job="api"} / 15',
      start: String(sec(T0)),
      end: String(sec(T0 + 60_000)),
      step: '30s',
    };
    const expected = {
      resultType: 'matrix',
      result: [
        {
          metric: { code: '200', job: 'api' },
          values: [
            [sec(T0), '0'],
            [sec(T0 + 30_000), '2'],
            [sec(T0 + 60_000), '4'],
          ],
        },
        {
          metric: { code: '500', job: 'api' },
          values: [
            [sec(T0), '0'],
            [sec(T0 + 30_000), '4'],
            [sec(T0 + 60_000), '8'],
          ],
        },
      ],
    };
    const viaGet = await get('/api/v1/query_range', params);
    expect(viaGet.body).toEqual({ status: 'success', data: expected });

    const viaPost = await fetch(`${env.url}/api/v1/query_range`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, step: '30' }).toString(),
    });
    expect(viaPost.status).toBe(200);
    expect(await viaPost.json()).toEqual({ status: 'success', data: expected });
  });

  it('gives a scalar range query one series without labels', async () => {
    const { body } = await get('/api/v1/query_range', {
      query: '2 * 3',
      start: '100',
      end: '130',
      step: '15',
    });
    expect(body.data).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: {},
          values: [
            [100, '6'],
            [115, '6'],
            [130, '6'],
          ],
        },
      ],
    });
  });

  it.each([
    ['a syntax error', '/api/v1/query', { query: 'sum(rate(x[5m])' }, 400, 'bad_data', 'at char'],
    ['no query', '/api/v1/query', {}, 400, 'bad_data', 'invalid parameter "query"'],
    [
      'a bad time',
      '/api/v1/query',
      { query: 'up', time: 'yesterday' },
      400,
      'bad_data',
      'invalid parameter "time"',
    ],
    [
      'too many points',
      '/api/v1/query_range',
      { query: 'up', start: '0', end: '11001', step: '1' },
      400,
      'bad_data',
      'exceeded maximum resolution of 11,000 points per timeseries',
    ],
    [
      'end before start',
      '/api/v1/query_range',
      { query: 'up', start: '100', end: '50', step: '1' },
      400,
      'bad_data',
      'end timestamp must not be before start time',
    ],
    [
      'a range selector as a range query',
      '/api/v1/query_range',
      { query: 'up[5m]', start: '0', end: '60', step: '15' },
      400,
      'bad_data',
      'invalid expression type "range vector" for range query',
    ],
    [
      'a zero step',
      '/api/v1/query_range',
      { query: 'up', start: '0', end: '60', step: '0' },
      400,
      'bad_data',
      'zero or negative',
    ],
    ['series without match[]', '/api/v1/series', {}, 400, 'bad_data', 'no match[] parameter provided'],
  ])('answers %s with a Prometheus error', async (_name, path, params, status, errorType, message) => {
    const reply = await get(path, params);
    expect(reply.status).toBe(status);
    expect(reply.body.status).toBe('error');
    expect(reply.body.errorType).toBe(errorType);
    expect(reply.body.error).toContain(message);
  });

  it('lists label names, label values and series (with match[])', async () => {
    expect((await get('/api/v1/labels', {})).body).toEqual({
      status: 'success',
      data: ['__name__', 'code', 'job', 'room'],
    });
    expect((await get('/api/v1/labels', { 'match[]': 'temperature_celsius' })).body.data).toEqual([
      '__name__',
      'room',
    ]);
    expect((await get('/api/v1/label/__name__/values', {})).body.data).toEqual([
      'http_requests_total',
      'temperature_celsius',
    ]);
    expect((await get('/api/v1/label/code/values', {})).body.data).toEqual(['200', '500']);
    expect(
      (
        await get('/api/v1/series', {
          'match[]': ['http_requests_total{code=~"5.."}', 'temperature_celsius'],
        })
      ).body,
    ).toEqual({
      status: 'success',
      data: [
        { __name__: 'http_requests_total', code: '500', job: 'api' },
        { __name__: 'temperature_celsius', room: 'lab' },
      ],
    });
  });

  it('needs a token with the read scope', async () => {
    const response = await fetch(`${env.url}/api/v1/query?query=up`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as ApiReply).status).toBe('error');
    const ingestOnly = await env.createToken(['ingest']);
    expect((await get('/api/v1/query', { query: 'up' }, ingestOnly)).status).toBe(403);
  });
});
