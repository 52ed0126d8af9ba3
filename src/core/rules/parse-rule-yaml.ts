import { LineCounter, YAMLError, isAlias, parseDocument, visit } from 'yaml';
import { YamlLocator } from './yaml-positions';

/** Safe YAML parsing for rule files: size limit, core schema only (no custom tags), alias expansion limit. */

export const MAX_RULE_FILE_BYTES = 1024 * 1024;
export const MAX_ALIAS_COUNT = 100;

/** A problem before the file has a name attached. */
export interface PositionedProblem {
  readonly line: number;
  readonly col: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export type ParsedRuleYaml =
  | { ok: true; data: unknown; locator: YamlLocator; problems: PositionedProblem[] }
  | { ok: false; problems: PositionedProblem[] };

export function parseRuleYaml(text: string): ParsedRuleYaml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RULE_FILE_BYTES) {
    const size = (bytes / MAX_RULE_FILE_BYTES).toFixed(1);
    return fail(1, 1, `file is ${size} MiB; rule files must be at most 1 MiB`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', prettyErrors: false, uniqueKeys: true });
  const locator = new YamlLocator(doc, text, lineCounter);
  const problems = [
    ...doc.errors.map((error) => yamlProblem(error, locator, text)),
    ...doc.warnings.map((warning) => yamlProblem(warning, locator, text)),
  ];
  if (problems.some((problem) => problem.severity === 'error')) {
    return { ok: false, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError) {
      const at = locator.position(firstAliasOffset(doc));
      return fail(
        at.line,
        at.col,
        `YAML aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}); expand the values or use fewer aliases`,
      );
    }
    throw error;
  }
  if (data === null || data === undefined) {
    return fail(1, 1, 'file is empty; expected a "groups:" list');
  }
  return { ok: true, data, locator, problems };
}

function yamlProblem(error: YAMLError, locator: YamlLocator, text: string): PositionedProblem {
  const at = locator.position(error.pos[0]);
  if (error.code === 'TAG_RESOLVE_FAILED') {
    const tag = /^\S*/.exec(text.slice(error.pos[0]))?.[0] ?? '';
    return {
      ...at,
      severity: 'error',
      message: `unsupported YAML tag ${tag}; rule files allow plain values only`,
    };
  }
  const message = error.message.split('\n')[0] ?? error.message;
  return {
    ...at,
    severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
    message: `invalid YAML: ${message}`,
  };
}

function firstAliasOffset(doc: ReturnType<typeof parseDocument>): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node)) {
        offset = node.range?.[0] ?? 0;
      }
      return visit.BREAK;
    },
  });
  return offset;
}

function fail(line: number, col: number, message: string): ParsedRuleYaml {
  return { ok: false, problems: [{ line, col, severity: 'error', message }] };
}
