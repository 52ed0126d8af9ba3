/**
 * Parser for the annotation template language: Go-template syntax limited to values and pipes, e.g.
 * `Latency is {{ $value | humanize }}s on {{ $labels.service }}`. No control flow, no assignments, no calls into
 * anything but the fixed function table; the parser only builds a tree.
 */

/** A value inside an action. `.Value` and `.Labels.x` parse to the same operands as `$value` and `$labels.x`. */
export type Operand =
  | { readonly kind: 'value'; readonly offset: number; readonly source: string }
  | { readonly kind: 'labels'; readonly offset: number; readonly source: string }
  | { readonly kind: 'label'; readonly name: string; readonly offset: number; readonly source: string }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number; readonly source: string }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number; readonly source: string };

export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Operand[];
  readonly offset: number;
}

export type Command = Operand | Call;

/** `{{ a | f x | g }}`: the result of each command is passed as the last argument of the next. */
export interface Action {
  readonly kind: 'action';
  readonly pipeline: readonly Command[];
  readonly offset: number;
}

export type TemplateNode = string | Action;

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the template text. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const OPEN = '{{';
const CLOSE = '}}';
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const VARIABLE = /\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]*)*/y;
const FIELD = /(?:\.[A-Za-z0-9_]*)+/y;
const STRING_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

/** Parses a template into text and actions; throws TemplateSyntaxError with the offset of the problem. */
export function parseTemplate(text: string): TemplateNode[] {
  const nodes: TemplateNode[] = [];
  let index = 0;
  let trimNextText = false;
  while (index < text.length) {
    const open = text.indexOf(OPEN, index);
    let literal = text.slice(index, open === -1 ? text.length : open);
    if (trimNextText) {
      literal = literal.trimStart();
    }
    if (open === -1) {
      pushText(nodes, literal);
      break;
    }
    const trimBefore = text[open + 2] === '-' && isSpace(text[open + 3]);
    pushText(nodes, trimBefore ? literal.trimEnd() : literal);
    const parser = new ActionParser(text, open + (trimBefore ? 3 : 2), open);
    nodes.push(parser.parse());
    index = parser.end;
    trimNextText = parser.trimAfter;
  }
  return nodes;
}

function pushText(nodes: TemplateNode[], literal: string): void {
  if (literal !== '') {
    nodes.push(literal);
  }
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

class ActionParser {
  /** Offset just past the closing `}}`. */
  end = 0;
  trimAfter = false;
  private index: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly actionOffset: number,
  ) {
    this.index = start;
  }

  parse(): Action {
    const pipeline: Command[] = [];
    let command: { name?: string; offset: number; operands: Operand[] } | undefined;
    for (;;) {
      this.skipSpaces();
      const offset = this.index;
      const char = this.text[offset];
      if (char === undefined) {
        throw new TemplateSyntaxError('unclosed action: missing "}}"', this.actionOffset);
      }
      if (this.atClose()) {
        break;
      }
      if (char === '|') {
        pipeline.push(this.finishCommand(command, offset));
        command = undefined;
        this.index += 1;
        continue;
      }
      IDENT.lastIndex = offset;
      const ident = IDENT.exec(this.text)?.[0];
      if (ident !== undefined) {
        if (command !== undefined) {
          throw new TemplateSyntaxError(`"${ident}" must be the first word of a command; use a pipe`, offset);
        }
        this.index += ident.length;
        command = { name: ident, offset, operands: [] };
        continue;
      }
      const operand = this.operand(offset);
      command ??= { offset, operands: [] };
      command.operands.push(operand);
    }
    pipeline.push(this.finishCommand(command, this.index));
    return { kind: 'action', pipeline, offset: this.actionOffset };
  }

  private atClose(): boolean {
    if (this.text.startsWith(CLOSE, this.index)) {
      this.end = this.index + CLOSE.length;
      return true;
    }
    if (this.text.startsWith(`-${CLOSE}`, this.index) && isSpace(this.text[this.index - 1])) {
      this.end = this.index + 1 + CLOSE.length;
      this.trimAfter = true;
      return true;
    }
    return false;
  }

  private finishCommand(
    command: { name?: string; offset: number; operands: Operand[] } | undefined,
    offset: number,
  ): Command {
    if (command === undefined) {
      throw new TemplateSyntaxError('missing value or function', offset);
    }
    if (command.name !== undefined) {
      return { kind: 'call', name: command.name, args: command.operands, offset: command.offset };
    }
    const [first, second] = command.operands;
    if (second !== undefined) {
      throw new TemplateSyntaxError(`unexpected "${second.source}" after a value; use a pipe`, second.offset);
    }
    if (first === undefined) {
      throw new TemplateSyntaxError('missing value or function', offset);
    }
    return first;
  }

  private skipSpaces(): void {
    while (isSpace(this.text[this.index])) {
      this.index += 1;
    }
  }

  private operand(offset: number): Operand {
    const char = this.text[offset] ?? '';
    if (char === '"' || char === '`') {
      return this.string(offset, char);
    }
    if (char === '$') {
      return this.variable(offset);
    }
    NUMBER.lastIndex = offset;
    const number = NUMBER.exec(this.text)?.[0];
    if (number !== undefined) {
      this.index += number.length;
      return { kind: 'number', value: Number(number), offset, source: number };
    }
    if (char === '.') {
      return this.field(offset);
    }
    const hint = char === '(' || char === ')' ? '; parentheses are not supported' : '';
    throw new TemplateSyntaxError(`unexpected character "${char}"${hint}`, offset);
  }

  private string(offset: number, quote: string): Operand {
    let value = '';
    let index = offset + 1;
    for (;;) {
      const char = this.text[index];
      if (char === undefined || (quote === '"' && char === '\n')) {
        throw new TemplateSyntaxError('unterminated string', offset);
      }
      if (char === quote) {
        break;
      }
      if (quote === '"' && char === '\\') {
        const escaped = STRING_ESCAPES[this.text[index + 1] ?? ''];
        if (escaped === undefined) {
          throw new TemplateSyntaxError('unsupported escape in string; use \\" \\\\ \\n \\t or \\r', index);
        }
        value += escaped;
        index += 2;
        continue;
      }
      value += char;
      index += 1;
    }
    this.index = index + 1;
    return { kind: 'string', value, offset, source: this.text.slice(offset, this.index) };
  }

  private variable(offset: number): Operand {
    VARIABLE.lastIndex = offset;
    const source = VARIABLE.exec(this.text)?.[0] ?? '$';
    this.index += source.length;
    const [name = '', ...path] = source.slice(1).split('.');
    if (name === 'value' && path.length === 0) {
      return { kind: 'value', offset, source };
    }
    if (name === 'labels') {
      return this.labels(path, offset, source);
    }
    throw new TemplateSyntaxError(
      `unknown variable "${source.split('.')[0] ?? source}"; use $value, $labels or $labels.<name>`,
      offset,
    );
  }

  private field(offset: number): Operand {
    FIELD.lastIndex = offset;
    const source = FIELD.exec(this.text)?.[0] ?? '.';
    this.index += source.length;
    const [name = '', ...path] = source.slice(1).split('.');
    if (name === 'Value' && path.length === 0) {
      return { kind: 'value', offset, source };
    }
    if (name === 'Labels') {
      return this.labels(path, offset, source);
    }
    throw new TemplateSyntaxError(
      `unknown field "${source.split('.').slice(0, 2).join('.')}"; use .Value, .Labels or .Labels.<name>`,
      offset,
    );
  }

  private labels(path: readonly string[], offset: number, source: string): Operand {
    const [name, extra] = path;
    if (name === undefined) {
      return { kind: 'labels', offset, source };
    }
    if (extra !== undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new TemplateSyntaxError(`"${source}" is not a label reference; use $labels.<name>`, offset);
    }
    return { kind: 'label', name, offset, source };
  }
}
