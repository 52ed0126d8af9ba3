import { formatLabels } from '../labels/labels';
import { Labels } from '../model';
import { didYouMean } from './did-you-mean';
import { Command, Operand, TemplateNode, TemplateSyntaxError, parseTemplate } from './parse-template';
import { parsePrintfFormat, printf } from './printf';
import { TEMPLATE_FUNCTIONS, TEMPLATE_FUNCTION_NAMES, TemplateValue, toText } from './template-functions';

/** What an annotation template can see: the alert's value and labels. */
export interface TemplateContext {
  readonly value: number;
  readonly labels: Labels;
}

export type CompiledTemplate =
  { ok: true; render(ctx: TemplateContext): string } | { ok: false; offset: number; message: string };

type Evaluate = (ctx: TemplateContext) => TemplateValue;

/**
 * Compiles an annotation template (`{{ $value | humanize }}`, `{{ $labels.service }}`, `{{ .Value }}`, pipes,
 * `printf "%.2f"`, `default "x"`). Every name is resolved here, so rendering cannot fail; a missing label renders
 * as the empty string. Errors carry the 0-based offset into `text`.
 */
export function compileTemplate(text: string): CompiledTemplate {
  let nodes: TemplateNode[];
  try {
    nodes = parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      return { ok: false, offset: error.offset, message: error.message };
    }
    throw error;
  }
  const parts: (string | Evaluate)[] = [];
  for (const node of nodes) {
    if (typeof node === 'string') {
      parts.push(node);
      continue;
    }
    const compiled = compilePipeline(node.pipeline);
    if (!compiled.ok) {
      return compiled;
    }
    parts.push(compiled.evaluate);
  }
  return {
    ok: true,
    render: (ctx) => parts.map((part) => (typeof part === 'string' ? part : toText(part(ctx)))).join(''),
  };
}

type CompiledPart = { ok: true; evaluate: Evaluate } | { ok: false; offset: number; message: string };

function compilePipeline(pipeline: readonly Command[]): CompiledPart {
  let previous: Evaluate | undefined;
  for (const command of pipeline) {
    if (command.kind !== 'call') {
      if (previous !== undefined) {
        return fail(command.offset, `cannot pipe into "${command.source}"; only functions take piped values`);
      }
      if (command.kind === 'labels' && pipeline.length === 1) {
        previous = (ctx) => formatLabels(ctx.labels);
        continue;
      }
      const operand = compileOperand(command);
      if (!operand.ok) {
        return operand;
      }
      previous = operand.evaluate;
      continue;
    }
    const args: Evaluate[] = [];
    for (const arg of command.args) {
      const operand = compileOperand(arg);
      if (!operand.ok) {
        return operand;
      }
      args.push(operand.evaluate);
    }
    if (previous !== undefined) {
      args.push(previous);
    }
    const call =
      command.name === 'printf'
        ? compilePrintf(command.args, args, command.offset)
        : compileCall(command.name, args, command.offset);
    if (!call.ok) {
      return call;
    }
    previous = call.evaluate;
  }
  return previous === undefined ? fail(0, 'empty action') : { ok: true, evaluate: previous };
}

function compileOperand(operand: Operand): CompiledPart {
  switch (operand.kind) {
    case 'value':
      return { ok: true, evaluate: (ctx) => ctx.value };
    case 'label': {
      const name = operand.name;
      return { ok: true, evaluate: (ctx) => ctx.labels[name] ?? '' };
    }
    case 'string':
    case 'number': {
      const value = operand.value;
      return { ok: true, evaluate: () => value };
    }
    default:
      return fail(operand.offset, `"${operand.source}" is a set of labels; use ${operand.source}.<name>`);
  }
}

function compileCall(name: string, args: readonly Evaluate[], offset: number): CompiledPart {
  const fn = TEMPLATE_FUNCTIONS[name];
  if (fn === undefined) {
    return fail(offset, `unknown function "${name}"${didYouMean(name, TEMPLATE_FUNCTION_NAMES)}`);
  }
  if (args.length !== fn.arity) {
    return fail(
      offset,
      `${name} takes ${plural(fn.arity, 'argument')} (counting a piped value), got ${args.length}`,
    );
  }
  return { ok: true, evaluate: (ctx) => fn.call(args.map((arg) => arg(ctx))) };
}

function compilePrintf(
  literalArgs: readonly Operand[],
  args: readonly Evaluate[],
  offset: number,
): CompiledPart {
  const [formatArg] = literalArgs;
  if (formatArg?.kind !== 'string') {
    return fail(offset, 'printf needs a format string first, e.g. printf "%.2f" $value');
  }
  const format = parsePrintfFormat(formatArg.value);
  if (!format.ok) {
    const hasEscapes = formatArg.source.length !== formatArg.value.length + 2;
    return fail(formatArg.offset + (hasEscapes ? 0 : 1 + format.offset), format.message);
  }
  const values = args.slice(1);
  if (values.length !== format.verbCount) {
    const needs = plural(format.verbCount, 'value');
    return fail(offset, `printf format ${formatArg.source} needs ${needs}, got ${values.length}`);
  }
  return {
    ok: true,
    evaluate: (ctx) =>
      printf(
        format.format,
        values.map((value) => value(ctx)),
      ),
  };
}

function fail(offset: number, message: string): { ok: false; offset: number; message: string } {
  return { ok: false, offset, message };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
