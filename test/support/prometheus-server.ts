import { ChildProcess, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnOwned } from './spawn-owned';

/** `prometheus --version`'s first line, or undefined when the binary is not on the PATH. */
export function prometheusVersion(): string | undefined {
  const result = spawnSync('prometheus', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? `${result.stdout}${result.stderr}`.split('\n')[0] : undefined;
}

/** A free loopback port (bound and released at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A real Prometheus server on loopback, with its own data folder, for tests; `stop` ends it and removes the folder. */
export class PrometheusServer {
  private child: ChildProcess | undefined;
  private dir = '';
  private output = '';
  url = '';

  /** Starts Prometheus with `config` (prometheus.yml text). */
  async start(config: string): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'forewarn-prometheus-'));
    await writeFile(join(this.dir, 'prometheus.yml'), config);
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawnOwned(
      'prometheus',
      [
        `--config.file=${join(this.dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => {
      this.output = `${this.output}${chunk.toString('utf8')}`.slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  /** What Prometheus logged (warnings and errors), for failure messages. */
  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (this.dir !== '') {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
