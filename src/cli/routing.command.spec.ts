import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRoutingCheckCommand, runRoutingTestCommand } from './routing.command';

const EXAMPLE = join(__dirname, '..', '..', 'test', 'fixtures', 'routing', 'routing.yaml');

async function capture(run: (out: (line: string) => void, err: (line: string) => void) => Promise<number>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err };
}

describe('forewarn routing test', () => {
  it.each([
    // A child matched, so the root's own receiver is not used.
    [['service=checkout', 'severity=critical'], 'checkout-pager'],
    // `continue: true` on the checkout route lets its sibling match too.
    [['service=checkout', 'severity=critical', 'team=db', 'env=prod'], 'checkout-pager,db'],
    [['service=checkout', 'severity=info'], 'default'],
    [['team=db', 'env=prod'], 'db'],
    [['team=db', 'env=prod', 'severity=info'], 'db-email'],
    [['team=db', 'env=dev'], 'default'],
  ])('%j reaches %s', async (labels, receivers) => {
    const { code, out, err } = await capture((o, e) =>
      runRoutingTestCommand(['--config', EXAMPLE, ...labels], 'unused.yaml', o, e),
    );
    expect({ code, out, err }).toEqual({ code: 0, out: [receivers], err: [] });
  });

  it('refuses labels that are not key=value', async () => {
    const { code, err } = await capture((o, e) =>
      runRoutingTestCommand(['--config', EXAMPLE, 'severity=~crit'], 'x', o, e),
    );
    expect(code).toBe(2);
    expect(err[0]).toContain('key=value');
  });
});

describe('forewarn routing check', () => {
  it('accepts the example', async () => {
    const { code, out } = await capture((o, e) => runRoutingCheckCommand([EXAMPLE], 'unused.yaml', o, e));
    expect(code).toBe(0);
    expect(out).toEqual([`${EXAMPLE}: 4 receiver(s), 1 inhibit rule(s): OK`]);
  });

  it('reports problems with positions and exits 1; a missing file is an error too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'forewarn-routing-'));
    const file = join(dir, 'routing.yaml');
    await writeFile(file, 'route:\n  receiver: defualt\nreceivers:\n  - name: default\n');
    const { code, err } = await capture((o, e) => runRoutingCheckCommand([], file, o, e));
    expect(code).toBe(1);
    expect(err).toEqual([
      `${file}:2:13: error: undefined receiver "defualt" used in route (did you mean "default"?)`,
    ]);
    const missing = await capture((o, e) => runRoutingCheckCommand([join(dir, 'nope.yaml')], file, o, e));
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/nope\.yaml: error: cannot read the routing file/);
  });
});
