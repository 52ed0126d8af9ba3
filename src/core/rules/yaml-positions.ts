import { Document, LineCounter, Node, Scalar, isAlias, isMap, isScalar, isSeq } from 'yaml';

/** Maps paths in the parsed data (`['groups', 0, 'rules', 1, 'expr']`) back to positions in the YAML source. */

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
}

export type DataPath = readonly PropertyKey[];

interface Resolved {
  /** The node at the path, when the path exists and has a non-empty value. */
  readonly node?: Node;
  /** The key node of the last map entry on the path, when the path ends in one. */
  readonly key?: Node;
  /** The deepest node that exists on the path. */
  readonly closest: Node | undefined;
}

export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly text: string,
    private readonly lineCounter: LineCounter,
  ) {}

  position(offset: number): SourcePosition {
    return this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
  }

  /**
   * Where the value at `path` is: its first character, or `offset` characters into a string value (mapped through
   * quotes, escapes and line folding). Falls back to the key for empty values and to the closest existing node.
   */
  value(path: DataPath, offset = 0): SourcePosition {
    const resolved = this.resolve(path);
    if (resolved.node !== undefined) {
      const start = nodeStart(resolved.node);
      return this.position(
        isScalar(resolved.node) && offset > 0 ? scalarSourceOffset(resolved.node, this.text, offset) : start,
      );
    }
    return this.position(nodeStart(resolved.key ?? resolved.closest));
  }

  /** Where the key of the map entry at `path` is (for unknown keys); the value's position otherwise. */
  key(path: DataPath): SourcePosition {
    const resolved = this.resolve(path);
    return resolved.key === undefined ? this.value(path) : this.position(nodeStart(resolved.key));
  }

  private resolve(path: DataPath): Resolved {
    let node: unknown = this.doc.contents;
    let key: Node | undefined;
    let closest: Node | undefined = this.doc.contents ?? undefined;
    for (const segment of path) {
      if (isAlias(node)) {
        node = node.resolve(this.doc);
      }
      key = undefined;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair === undefined) {
          return { closest };
        }
        key = isScalar(pair.key) ? pair.key : undefined;
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)];
      } else {
        return { closest };
      }
      if (!isNode(node) || isEmpty(node)) {
        return { key, closest: key ?? closest };
      }
      closest = node;
    }
    return { node: closest, key, closest };
  }
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function isEmpty(node: Node): boolean {
  return node.range === undefined || node.range === null || node.range[0] === node.range[1];
}

function nodeStart(node: Node | undefined): number {
  return node?.range?.[0] ?? 0;
}

/**
 * Offset in the source of character `offset` of a scalar's string value. Exact for plain and quoted single-line
 * scalars; best effort for folded, multi-line and block scalars (whitespace runs are matched loosely).
 */
export function scalarSourceOffset(node: Scalar, text: string, offset: number): number {
  const [start = 0, end = text.length] = node.range ?? [];
  const value = String(node.value);
  let source = start;
  if (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') {
    source += 1;
  } else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const header = text.indexOf('\n', start);
    source = header === -1 ? end : header + 1;
  }
  let index = 0;
  while (index < offset && source < end) {
    const char = text[source];
    if (node.type === 'QUOTE_SINGLE' && char === "'" && text[source + 1] === "'") {
      source += 2;
      index += 1;
    } else if (node.type === 'QUOTE_DOUBLE' && char === '\\') {
      source += escapeLength(text[source + 1]);
      index += 1;
    } else if (char === value[index]) {
      source += 1;
      index += 1;
    } else if (isWhitespace(char)) {
      source += 1; // Indentation or a line break folded away.
    } else if (isWhitespace(value[index])) {
      index += 1;
    } else {
      source += 1;
      index += 1;
    }
  }
  // Land on the character itself, not on indentation before it.
  while (source < end && isWhitespace(text[source]) && !isWhitespace(value[index])) {
    source += 1;
  }
  return source;
}

function escapeLength(next: string | undefined): number {
  switch (next) {
    case 'x':
      return 4;
    case 'u':
      return 6;
    case 'U':
      return 10;
    default:
      return 2;
  }
}

function isWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}
