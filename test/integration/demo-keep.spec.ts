import { ChildProcess, spawn } from 'node:child_process';

/**
 * `npm run demo -- --keep` end to end: it seeds, plays the demo incident, prints the pages' URLs and a token, serves
 * them while it runs, and exits 0 on Ctrl-C (SIGINT). It runs on the embedded PostgreSQL, as a newcomer's would.
 */
jest.setTimeout(400_000);

describe('npm run demo -- --keep', () => {
  let demo: ChildProcess | undefined;

  afterAll(() => {
    if (demo?.exitCode === null) {
      demo.kill('SIGKILL');
    }
  });

  it('keeps forewarn running with the pages, and shuts down cleanly on SIGINT', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.DEMO_DATABASE_URL;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/demo/run-demo.ts', '--keep'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo = child;
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const signIn = await new Promise<RegExpExecArray>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Sign in at (http:\/\/\S+)\/login with the admin token (\S+)/.exec(output);
        if (match !== null) {
          resolve(match);
        }
      });
      void exited.then((code) => reject(new Error(`the demo exited (${String(code)}) early:\n${output}`)));
    });
    const [, url = '', token = ''] = signIn;
    expect(output).toContain('seeded ');
    expect(output).toContain('demo complete');
    for (const path of ['/reports', '/silences', '/alerts']) {
      expect(output).toContain(`  ${url}${path}\n`);
    }
    const incident = new RegExp(`  ${url}/incidents/([0-9a-f-]{36})\\n`).exec(output)?.[1];
    expect(incident).toBeDefined();
    const page = async (path: string) => {
      const response = await fetch(`${url}${path}`, { headers: { cookie: `forewarn_token=${token}` } });
      return { status: response.status, text: await response.text() };
    };
    const history = await page('/alerts?state=silenced&from=63d');
    expect(history.status).toBe(200);
    expect(history.text).toMatch(/Showing 1–\d+ of \d+/);
    expect(history.text).toContain('silenced by ');
    const silences = await page('/silences');
    expect(silences.status).toBe(200);
    expect(silences.text).toContain('queue cluster upgrade, OPS-311');
    const demoIncident = await page(`/incidents/${incident ?? ''}`);
    expect(demoIncident.status).toBe(200);
    expect(demoIncident.text).toContain('CheckoutLatencyHigh');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGINT: shutting down');
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
  });
});
