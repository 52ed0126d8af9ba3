import { LineCounter, YAMLError, parseAllDocuments } from 'yaml';
import { loadRuleFile } from '../rules/load-rule-file';
import { MAX_ALIAS_COUNT, MAX_RULE_FILE_BYTES } from '../rules/parse-rule-yaml';
import { RuleProblem, hasErrors } from '../rules/rule-problem';
import { YamlLocator } from '../rules/yaml-positions';
import { isRecord } from '../rules/describe-value';
import { ImportedGroupSource, groupOf } from './imported-slo';
import { OPENSLO_API_VERSION, importOpenSloDocuments } from './openslo-import';
import { renderRuleFile } from './render-rule-file';
import { SLOTH_VERSION, importSlothSpec } from './sloth-import';
import { ImportProblems, YamlCursor } from './yaml-cursor';

/**
 * `forewarn slo import`: a Sloth (`version: prometheus/v1`) or OpenSLO (`apiVersion: openslo/v1`) file as a
 * forewarn rule file. Pure: text and file name in; the rule file's text out, and every problem as
 * `file:line:col`. What cannot be imported faithfully is an error (nothing is written); what is left out or changed
 * on the way is a warning. Every imported SLO is checked with the rule loader, so the text always loads.
 */

export interface SloImport {
  /** The forewarn rule file; undefined when there are errors. */
  readonly text?: string;
  /** Errors and warnings, by position. */
  readonly problems: readonly RuleProblem[];
}

type Format = 'sloth' | 'openslo';

const FORMATS: Readonly<Record<Format, string>> = {
  sloth: `Sloth ${SLOTH_VERSION}`,
  openslo: `OpenSLO ${OPENSLO_API_VERSION}`,
};

export function importSloFile(file: string, text: string): SloImport {
  const problems = new ImportProblems(file);
  const documents = parseDocuments(text, problems);
  if (documents === undefined) {
    return { problems: problems.sorted() };
  }
  const first = documents[0];
  if (first === undefined) {
    problems.add('error', { line: 1, col: 1 }, 'file is empty; expected a Sloth or OpenSLO SLO file');
    return { problems: problems.sorted() };
  }
  const format = formatOf(first);
  if (format === undefined) {
    return { problems: problems.sorted() };
  }
  const groups =
    format === 'sloth' ? slothGroups(documents) : importOpenSloDocuments(documents, baseName(file));
  checkNames(groups);
  checkLoads(groups);
  const all = problems.sorted();
  if (hasErrors(all)) {
    return { problems: all };
  }
  const header = `Imported by "forewarn slo import" from ${baseName(file, true)} (${FORMATS[format]}).`;
  return { text: renderRuleFile(groups.map(groupOf), header), problems: all };
}

/** The non-empty documents of the file, each as a cursor; undefined when the YAML itself is broken. */
function parseDocuments(text: string, problems: ImportProblems): YamlCursor[] | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RULE_FILE_BYTES) {
    problems.add(
      'error',
      { line: 1, col: 1 },
      `file is ${(bytes / MAX_RULE_FILE_BYTES).toFixed(1)} MiB; at most 1 MiB`,
    );
    return undefined;
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    schema: 'core',
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (!Array.isArray(documents)) {
    return [];
  }
  const cursors: YamlCursor[] = [];
  let broken = false;
  for (const document of documents) {
    const locator = new YamlLocator(document, text, lineCounter);
    const report = (severity: RuleProblem['severity']) => (error: YAMLError) =>
      problems.add(
        severity,
        locator.position(error.pos[0]),
        `invalid YAML: ${error.message.split('\n')[0] ?? ''}`,
      );
    document.errors.forEach(report('error'));
    document.warnings.forEach(report('warning'));
    broken ||= document.errors.length > 0;
    if (broken) {
      continue;
    }
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (!(error instanceof ReferenceError)) {
        throw error;
      }
      problems.add(
        'error',
        locator.position(0),
        `YAML aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT})`,
      );
      broken = true;
      continue;
    }
    if (data !== null && data !== undefined) {
      cursors.push(new YamlCursor(locator, problems, [], data));
    }
  }
  return broken ? undefined : cursors;
}

/** Which format the first document is in; reports a document in neither. */
function formatOf(document: YamlCursor): Format | undefined {
  const { version, apiVersion } = isRecord(document.value) ? document.value : {};
  if (version !== undefined) {
    if (version !== SLOTH_VERSION) {
      document
        .child('version')
        .error(`Sloth version ${JSON.stringify(version)} cannot be imported; expected ${SLOTH_VERSION}`);
    }
    return 'sloth';
  }
  if (typeof apiVersion === 'string' && apiVersion.startsWith('openslo/')) {
    return 'openslo';
  }
  if (typeof apiVersion === 'string' && apiVersion.startsWith('sloth.slok.dev/')) {
    document
      .child('apiVersion')
      .error(`Sloth's Kubernetes resources cannot be imported; write the spec as a ${SLOTH_VERSION} file`);
  } else {
    document.error(
      `not a Sloth (version: ${SLOTH_VERSION}) or OpenSLO (apiVersion: ${OPENSLO_API_VERSION}) file`,
    );
  }
  return undefined;
}

/** A Sloth spec is one document. */
function slothGroups(documents: readonly YamlCursor[]): ImportedGroupSource[] {
  const [spec, ...rest] = documents;
  rest.forEach((extra) => extra.error(`a Sloth ${SLOTH_VERSION} file holds one spec; split it into files`));
  return spec === undefined ? [] : importSlothSpec(spec);
}

/** SLO names are unique within a group. */
function checkNames(groups: readonly ImportedGroupSource[]): void {
  for (const group of groups) {
    const seen = new Set<string>();
    for (const { slo, origin } of group.rules) {
      if (seen.has(slo.slo)) {
        origin.error(`duplicate SLO name "${slo.slo}" in group "${group.name}"`);
      }
      seen.add(slo.slo);
    }
  }
}

/** Loads every imported SLO as the rule loader will, reporting what it finds at the SLO in the source. */
function checkLoads(groups: readonly ImportedGroupSource[]): void {
  for (const group of groups) {
    for (const rule of group.rules) {
      const text = renderRuleFile([groupOf({ ...group, rules: [rule] })], '');
      for (const problem of loadRuleFile('imported', text).problems) {
        const message = `the imported SLO "${rule.slo.slo}" does not load: ${problem.message}`;
        if (problem.severity === 'error') {
          rule.origin.error(message);
        } else {
          rule.origin.warning(message);
        }
      }
    }
  }
}

/** `rules/sloth.yaml` → `sloth` (or `sloth.yaml` with the extension kept). */
function baseName(file: string, keepExtension = false): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return keepExtension ? name : name.replace(/\.ya?ml$/, '');
}
