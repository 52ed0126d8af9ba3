/**
 * A 3×5 pixel bitmap font with just the characters `formatValue` writes for finite numbers (`0.8235`, `-12`,
 * `1.074e+9`), so axis labels need no font files or native text rendering.
 */
import { Raster, Rgb } from './raster';

/** Rows top to bottom; `#` is a lit pixel. Every glyph is 5 rows; widths vary so `.` stays narrow. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '.': ['.', '.', '.', '.', '#'],
  '-': ['...', '...', '###', '...', '...'],
  '+': ['...', '.#.', '###', '.#.', '...'],
  e: ['...', '###', '#.#', '##.', '.##'],
};

/** Drawn for characters the font lacks, so a label never silently loses a character. */
const MISSING = ['###', '###', '###', '###', '###'];

const GLYPH_ROWS = 5;
const SPACING = 1;

export function textHeight(scale: number): number {
  return GLYPH_ROWS * scale;
}

export function textWidth(text: string, scale: number): number {
  const columns = [...text].reduce((sum, char) => sum + glyphWidth(glyphOf(char)) + SPACING, 0);
  return Math.max(0, columns - SPACING) * scale;
}

/** Draws `text` with its top-left corner at `x`, `y`, each font pixel `scale`×`scale` screen pixels. */
export function drawText(
  raster: Raster,
  text: string,
  x: number,
  y: number,
  colour: Rgb,
  scale: number,
): void {
  let left = x;
  for (const char of text) {
    const glyph = glyphOf(char);
    glyph.forEach((row, rowIndex) => {
      [...row].forEach((cell, column) => {
        if (cell === '#') {
          const pixel = { x: left + column * scale, y: y + rowIndex * scale, width: scale, height: scale };
          raster.fillRect(pixel, colour);
        }
      });
    });
    left += (glyphWidth(glyph) + SPACING) * scale;
  }
}

function glyphOf(char: string): readonly string[] {
  return GLYPHS[char] ?? MISSING;
}

function glyphWidth(glyph: readonly string[]): number {
  return glyph[0]?.length ?? 0;
}
