import { ChildProcess, SpawnOptions, spawn, spawnSync } from 'node:child_process';

let pdeathsig: boolean | undefined;

/** Whether util-linux's `setpriv --pdeathsig` is here (Linux): the kernel then kills the child when we die. */
function hasPdeathsig(): boolean {
  pdeathsig ??=
    spawnSync('setpriv', ['--pdeathsig', 'KILL', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return pdeathsig;
}

/**
 * Spawns a long-running helper (a Prometheus server) that must not outlive this process: it is killed when this
 * process exits normally or by `process.exit` (an 'exit' handler), and, where `setpriv` is available, by the kernel
 * when this process dies in any other way (a jest worker killed with SIGKILL runs no handler at all).
 */
export function spawnOwned(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = hasPdeathsig()
    ? spawn('setpriv', ['--pdeathsig', 'KILL', '--', command, ...args], options)
    : spawn(command, args, options);
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return child;
}
