import { MatrixSelector, PromqlExpr } from '../promql/promql-ast';
import { formatPromql } from '../promql/format-promql';
import { parsePromql } from '../promql/parse-promql';
import { PromqlParseError } from '../promql/promql-parse-error';

/**
 * A query of the HTTP API: an expression, or a bare range selector (`up[5m]`), which an instant query answers with
 * the raw samples (a matrix) and rule expressions never are. `text` is what a remote backend is sent.
 */
export type ParsedQuery =
  | { readonly kind: 'expr'; readonly text: string; readonly expr: PromqlExpr }
  | { readonly kind: 'range-selector'; readonly text: string; readonly selector: MatrixSelector };

const WRAPPER = 'last_over_time(';

/** Parses a query; throws `PromqlParseError` with the offset in `text`. */
export function parseQuery(text: string): ParsedQuery {
  try {
    return { kind: 'expr', text, expr: parsePromql(text) };
  } catch (error) {
    const selector = error instanceof PromqlParseError ? rangeSelectorOf(text) : undefined;
    if (selector === undefined) {
      throw error;
    }
    return { kind: 'range-selector', text, selector };
  }
}

/** The query as a range selector, if that is all it is (the rule parser refuses a range vector result). */
function rangeSelectorOf(text: string): MatrixSelector | undefined {
  try {
    const wrapped = parsePromql(`${WRAPPER}${text})`);
    const inner = wrapped.type === 'Call' ? wrapped.args[0] : undefined;
    return inner?.type === 'MatrixSelector' ? inner : undefined;
  } catch {
    return undefined;
  }
}

/** An already parsed expression (a rule's) as a query; a remote backend is sent its canonical text. */
export function exprQuery(expr: PromqlExpr): ParsedQuery {
  return { kind: 'expr', text: formatPromql(expr), expr };
}
