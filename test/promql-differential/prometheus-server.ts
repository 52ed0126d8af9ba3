import { ChildProcess, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { spawnOwned } from '../support/spawn-owned';

/**
 * A throwaway Prometheus server (Debian's `prometheus` package, 2.42) on 127.0.0.1 over a TSDB folder filled by
 * `promtool tsdb create-blocks-from openmetrics`, queried through its HTTP API.
 */

export type PrometheusSample = { metric: Record<string, string>; value: [number, string] };
export type PrometheusQueryResult =
  | { status: 'success'; data: { resultType: 'vector'; result: PrometheusSample[] } }
  | { status: 'success'; data: { resultType: 'scalar'; result: [number, string] } }
  | { status: 'error'; errorType: string; error: string };

/** `prometheus --version`'s first line, or undefined when the binary is not installed. */
export function prometheusVersion(): string | undefined {
  const result = spawnSync('prometheus', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error !== undefined || result.status !== 0) {
    return undefined;
  }
  return `${result.stdout}${result.stderr}`.split('\n')[0];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly output: () => string,
  ) {}

  /**
   * Starts Prometheus on `tsdbDir` with `configText` as its prometheus.yml (by default no scrape targets and no
   * rules) and waits until it answers `/-/ready`.
   */
  static async start(
    workDir: string,
    tsdbDir: string,
    timeoutMs: number,
    configText = 'global:\n  evaluation_interval: 1h\nscrape_configs: []\n',
  ): Promise<PrometheusServer> {
    const config = join(workDir, 'prometheus.yml');
    await writeFile(config, configText);
    const port = await freePort();
    const child = spawnOwned(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${tsdbDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=100y',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const server = new PrometheusServer(child, `http://127.0.0.1:${port}`, () => output);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
      }
      try {
        if ((await fetch(`${server.url}/-/ready`)).ok) {
          return server;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await server.stop();
    throw new Error(`prometheus did not become ready in ${timeoutMs} ms:\n${output}`);
  }

  /** An instant query at `timeMs` (`/api/v1/query`); errors come back as results, not exceptions. */
  async query(expr: string, timeMs: number): Promise<PrometheusQueryResult> {
    const body = new URLSearchParams({ query: expr, time: String(timeMs / 1000) });
    const response = await fetch(`${this.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    return (await response.json()) as PrometheusQueryResult;
  }

  /** Its own metrics, in the text exposition format (`/metrics`). */
  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** What the server logged so far (for failure messages). */
  log(): string {
    return this.output();
  }
}
