import { spawn, spawnSync } from 'node:child_process';

/** The `promtool` on the PATH (Debian's `prometheus` package installs 2.42), and a way to run it with a timeout. */

export interface PromtoolRun {
  /** Exit code; null when killed (timeout). */
  readonly code: number | null;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

/** `promtool --version`'s first line, or undefined when promtool is not installed. */
export function promtoolVersion(): string | undefined {
  const result = spawnSync('promtool', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error !== undefined || result.status !== 0) {
    return undefined;
  }
  return `${result.stdout}${result.stderr}`.split('\n')[0];
}

export function runPromtool(args: readonly string[], cwd: string, timeoutMs: number): Promise<PromtoolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', args, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, output: code === null ? `${output}\n(killed after ${timeoutMs} ms)` : output }),
    );
  });
}
