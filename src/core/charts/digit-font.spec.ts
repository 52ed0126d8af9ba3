import { drawText, textHeight, textWidth } from './digit-font';
import { Raster } from './raster';

const INK = [0, 0, 0] as const;

/** The raster as rows of `#` (ink) and `.` (paper). */
function picture(raster: Raster): string[] {
  const rows: string[] = [];
  for (let y = 0; y < raster.height; y++) {
    let row = '';
    for (let x = 0; x < raster.width; x++) {
      row += raster.data[(y * raster.width + x) * 3] === 0 ? '#' : '.';
    }
    rows.push(row);
  }
  return rows;
}

describe('digit font', () => {
  it.each([
    ['', 1, 0],
    ['7', 1, 3],
    ['1.5', 1, 9],
    ['-2e+9', 2, 38],
  ])('measures %j at scale %i as %i pixels wide', (text, scale, width) => {
    expect(textWidth(text, scale)).toBe(width);
  });

  it('is 5 font pixels high', () => {
    expect(textHeight(2)).toBe(10);
  });

  it('draws glyphs side by side with one blank column between them', () => {
    const raster = new Raster(9, 5, [255, 255, 255]);
    drawText(raster, '1.5', 0, 0, INK, 1);
    expect(picture(raster)).toEqual(['.#....###', '##....#..', '.#....###', '.#......#', '###.#.###']);
  });

  it('scales each font pixel to a square', () => {
    const raster = new Raster(6, 10, [255, 255, 255]);
    drawText(raster, '-', 0, 0, INK, 2);
    expect(picture(raster)).toEqual([
      '......',
      '......',
      '......',
      '......',
      '######',
      '######',
      '......',
      '......',
      '......',
      '......',
    ]);
  });

  it('draws a filled box for a character it lacks, and clips at the edge', () => {
    const raster = new Raster(4, 5, [255, 255, 255]);
    drawText(raster, 'x', 2, 0, INK, 1);
    expect(picture(raster)).toEqual(['..##', '..##', '..##', '..##', '..##']);
  });
});
