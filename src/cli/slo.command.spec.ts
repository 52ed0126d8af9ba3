import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runSloExportPrometheusCommand, runSloImportCommand } from './slo.command';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'slo-import');

async function capture(run: (out: (line: string) => void, err: (line: string) => void) => Promise<number>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out, err };
}

const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'forewarn-slo-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface PrometheusRules {
  groups: Array<{
    name: string;
    rules: Array<{ record?: string; alert?: string; labels: Record<string, string> }>;
  }>;
}

describe('forewarn slo import', () => {
  const sloth = join(FIXTURES, 'sloth-payments.yaml');

  it('prints the rule file, and the warnings on stderr', async () => {
    const { code, out, err } = await capture((o, e) => runSloImportCommand([sloth], o, e));
    expect(code).toBe(0);
    expect(`${out.join('\n')}\n`).toBe(await readFile(join(FIXTURES, 'sloth-payments.rules.yaml'), 'utf8'));
    expect(err).toHaveLength(5);
    expect(err[0]).toBe(
      `${sloth}:10:1: warning: SLO plugins are not imported: forewarn does not run Sloth plugins`,
    );
  });

  it('writes the rule file with --out', async () => {
    const dir = await tempDir();
    const target = join(dir, 'payments.yaml');
    const { code, out } = await capture((o, e) => runSloImportCommand([sloth, '--out', target], o, e));
    expect({ code, out }).toEqual({ code: 0, out: [] });
    expect(await readFile(target, 'utf8')).toBe(
      await readFile(join(FIXTURES, 'sloth-payments.rules.yaml'), 'utf8'),
    );
  });

  it('exits 1 with positioned errors and writes nothing when the file cannot be imported', async () => {
    const file = join(FIXTURES, 'openslo-unsupported.yaml');
    const { code, out, err } = await capture((o, e) => runSloImportCommand([file], o, e));
    expect({ code, out }).toEqual({ code: 1, out: [] });
    expect(err.filter((line) => line.includes(': error: '))).toHaveLength(5);
    expect(err[0]).toMatch(/openslo-unsupported\.yaml:12:7: error: a thresholdMetric SLI cannot be imported/);
  });

  it.each([
    [[], 2, 'usage: forewarn slo import FILE [--out FILE]'],
    [['a.yaml', 'b.yaml'], 2, 'usage: forewarn slo import FILE [--out FILE]'],
    [['a.yaml', '--outt', 'x'], 2, "forewarn slo: Unknown option '--outt'"],
    [['/nonexistent/sloth.yaml'], 1, '/nonexistent/sloth.yaml: error: cannot read the file'],
  ])('%j exits %d', async (args, expected, message) => {
    const { code, err } = await capture((o, e) => runSloImportCommand(args, o, e));
    expect(code).toBe(expected);
    expect(err[0]).toContain(message);
  });
});

describe('forewarn slo export-prometheus', () => {
  const rules = [
    'groups:',
    '  - name: checkout',
    '    service: checkout',
    '    rules:',
    '      - alert: CheckoutDown',
    '        expr: up{job="checkout"} < 1',
    '      - slo: checkout-availability',
    '        kind: slo',
    '        objective: 99.9',
    '        window: 28d',
    '        sli: { type: events, bad: \'http_requests_total{code=~"5.."}\', total: http_requests_total }',
    '        exclude: [maintenance]',
    '',
  ].join('\n');

  async function rulesFolder(text: string): Promise<string> {
    const dir = await tempDir();
    await writeFile(join(dir, 'checkout.yaml'), text);
    return dir;
  }

  it('writes recording and alerting rules for every SLO of the folder, RULES_DIR by default', async () => {
    const dir = await rulesFolder(rules);
    const { code, out, err } = await capture((o, e) => runSloExportPrometheusCommand([], () => dir, o, e));
    expect(code).toBe(0);
    const exported = parse(out.join('\n')) as PrometheusRules;
    expect(exported.groups.map((group) => group.name)).toEqual([
      'forewarn-slo-checkout-checkout-availability',
    ]);
    const names = exported.groups[0]?.rules.map((rule) => rule.record ?? rule.alert);
    expect(names).toEqual([
      'slo:sli_error:ratio_rate4m40s',
      'slo:sli_error:ratio_rate28m',
      'slo:sli_error:ratio_rate56m',
      'slo:sli_error:ratio_rate5h36m',
      'slo:sli_error:ratio_rate2d19h12m',
      'checkout-availability',
      'checkout-availability',
      'checkout-availability',
    ]);
    expect(err).toEqual([
      `${join(dir, 'checkout.yaml')}: warning: SLO "checkout-availability": exclude is not exported: the Prometheus rules count maintenance intervals like any other time`,
      '1 SLO(s) exported from 1 file(s)',
    ]);
  });

  it('exports what slo import wrote: from Sloth to forewarn to Prometheus', async () => {
    const dir = await tempDir();
    const imported = join(dir, 'payments.yaml');
    await capture((o, e) =>
      runSloImportCommand([join(FIXTURES, 'sloth-payments.yaml'), '--out', imported], o, e),
    );
    const target = join(dir, 'prometheus.yaml');
    const { code } = await capture((o, e) =>
      runSloExportPrometheusCommand([imported, '--out', target], () => 'x', o, e),
    );
    expect(code).toBe(0);
    const exported = parse(await readFile(target, 'utf8')) as PrometheusRules;
    const alerts = exported.groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined));
    expect(alerts.map((rule) => [rule.alert, rule.labels.severity, rule.labels.burn_rate])).toEqual([
      ['requests-availability', 'critical', '14.4'],
      ['requests-availability', 'critical', '6'],
      ['requests-availability', 'warning', '3'],
      ['requests-availability', 'warning', '1'],
      ['requests-latency', 'critical', '14.4'],
      ['requests-latency', 'critical', '6'],
    ]);
  });

  it('exits 1 on rule files with errors, and on a path that does not exist', async () => {
    const dir = await rulesFolder(rules.replace('objective: 99.9', 'objective: 100'));
    const broken = await capture((o, e) => runSloExportPrometheusCommand([dir], () => 'x', o, e));
    expect(broken.code).toBe(1);
    expect(broken.out).toEqual([]);
    expect(broken.err[0]).toMatch(
      /checkout\.yaml:9:20: error: objective: must be a percentage between 0 and 100/,
    );
    const missing = await capture((o, e) => runSloExportPrometheusCommand(['/nonexistent'], () => 'x', o, e));
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/^\/nonexistent: error: cannot read the rules/);
  });
});
