import { describeValue, isRecord } from '../rules/describe-value';
import { RuleProblem, sortRuleProblems } from '../rules/rule-problem';
import { DataPath, SourcePosition, YamlLocator } from '../rules/yaml-positions';
import { didYouMean } from '../templates/did-you-mean';

/**
 * Reading a foreign SLO file (Sloth, OpenSLO) with every problem at its `file:line:col`: a cursor is a value of a
 * parsed YAML document together with the path that leads to it. Readers report a value of the wrong type
 * themselves and return undefined, so a converter reads on and collects every problem at once.
 */

/** The problems found in one imported file. */
export class ImportProblems {
  private readonly list: RuleProblem[] = [];

  constructor(readonly file: string) {}

  add(severity: RuleProblem['severity'], at: SourcePosition, message: string): void {
    this.list.push({ file: this.file, line: at.line, col: at.col, severity, message });
  }

  /** Errors and warnings by position. */
  sorted(): RuleProblem[] {
    return sortRuleProblems(this.list);
  }
}

export class YamlCursor {
  constructor(
    private readonly locator: YamlLocator,
    private readonly problems: ImportProblems,
    readonly path: DataPath,
    readonly value: unknown,
  ) {}

  /** False for a missing key and for an empty value (`key:`). */
  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  child(key: string | number): YamlCursor {
    let value: unknown;
    if (isRecord(this.value)) {
      value = this.value[key];
    } else if (Array.isArray(this.value) && typeof key === 'number') {
      value = this.value[key];
    }
    return new YamlCursor(this.locator, this.problems, [...this.path, key], value);
  }

  /** True when the value is a map; reports a value of another type, and every key not in `known` (if given). */
  map(known?: readonly string[]): boolean {
    if (!isRecord(this.value)) {
      this.error(`expected a map, got ${describeValue(this.value)}`);
      return false;
    }
    for (const key of Object.keys(this.value)) {
      if (known !== undefined && !known.includes(key)) {
        this.child(key).keyError(`unknown key "${key}"${didYouMean(key, known)}`);
      }
    }
    return true;
  }

  /** The keys of a map (reporting anything else); empty when missing. */
  keys(): string[] {
    if (!this.present) {
      return [];
    }
    if (!isRecord(this.value)) {
      this.error(`expected a map, got ${describeValue(this.value)}`);
      return [];
    }
    return Object.keys(this.value);
  }

  /** The items of a list (reporting anything else); empty when missing. */
  items(): YamlCursor[] {
    if (!this.present) {
      return [];
    }
    if (!Array.isArray(this.value)) {
      this.error(`expected a list, got ${describeValue(this.value)}`);
      return [];
    }
    return this.value.map((_item, index) => this.child(index));
  }

  string(options: { required?: boolean } = {}): string | undefined {
    if (!this.present) {
      if (options.required === true) {
        this.missing();
      }
      return undefined;
    }
    if (typeof this.value !== 'string' || this.value.trim() === '') {
      this.error(`expected a text, got ${describeValue(this.value)}`);
      return undefined;
    }
    return this.value;
  }

  number(options: { required?: boolean } = {}): number | undefined {
    if (!this.present) {
      if (options.required === true) {
        this.missing();
      }
      return undefined;
    }
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) {
      this.error(`expected a number, got ${describeValue(this.value)}`);
      return undefined;
    }
    return this.value;
  }

  boolean(): boolean | undefined {
    if (!this.present) {
      return undefined;
    }
    if (typeof this.value !== 'boolean') {
      this.error(`expected true or false, got ${describeValue(this.value)}`);
      return undefined;
    }
    return this.value;
  }

  /** A text, number or boolean as text (label values are often written unquoted, e.g. `tier: 2`). */
  scalarText(): string | undefined {
    if (typeof this.value === 'string' || typeof this.value === 'number' || typeof this.value === 'boolean') {
      return String(this.value);
    }
    this.error(`expected a text, got ${describeValue(this.value)}`);
    return undefined;
  }

  /** A map of texts, such as annotations; values as `scalarText`. */
  stringMap(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const key of this.keys()) {
      const value = this.child(key).scalarText();
      if (value !== undefined) {
        result[key] = value;
      }
    }
    return result;
  }

  /** An error at the value, or `offset` characters into a text value. */
  error(message: string, offset = 0): void {
    this.problems.add('error', this.locator.value(this.path, offset), message);
  }

  warning(message: string, offset = 0): void {
    this.problems.add('warning', this.locator.value(this.path, offset), message);
  }

  /** An error at the key of the value (for keys that should not be there). */
  keyError(message: string): void {
    this.problems.add('error', this.locator.key(this.path), message);
  }

  keyWarning(message: string): void {
    this.problems.add('warning', this.locator.key(this.path), message);
  }

  private missing(): void {
    const key = this.path[this.path.length - 1];
    this.error(`missing required key "${String(key)}"`);
  }
}
