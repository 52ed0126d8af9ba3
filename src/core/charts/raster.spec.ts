import { Raster } from './raster';

const INK = [0, 0, 0] as const;

function inked(raster: Raster): string[] {
  const pixels: string[] = [];
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      if (raster.data[(y * raster.width + x) * 3] === 0) {
        pixels.push(`${x},${y}`);
      }
    }
  }
  return pixels;
}

describe(Raster.name, () => {
  it('starts filled with the background, 3 bytes a pixel', () => {
    const raster = new Raster(2, 1, [10, 20, 30]);
    expect([...raster.data]).toEqual([10, 20, 30, 10, 20, 30]);
  });

  it('draws a diagonal through both end pixels', () => {
    const raster = new Raster(4, 4, [255, 255, 255]);
    raster.line(0, 0, 3, 3, { colour: INK, thickness: 1 });
    expect(inked(raster)).toEqual(['0,0', '1,1', '2,2', '3,3']);
  });

  it('dashes: pixels on, then pixels off', () => {
    const raster = new Raster(8, 1, [255, 255, 255]);
    raster.line(0, 0, 7, 0, { colour: INK, thickness: 1, dash: [2, 1] });
    expect(inked(raster)).toEqual(['0,0', '1,0', '3,0', '4,0', '6,0', '7,0']);
  });

  it('keeps to the clip rectangle', () => {
    const raster = new Raster(4, 4, [255, 255, 255]);
    raster.line(0, 1, 3, 1, { colour: INK, thickness: 2 }, { x: 1, y: 0, width: 2, height: 2 });
    expect(inked(raster)).toEqual(['1,1', '2,1']);
  });

  it('cuts far-off segments to the clip rectangle before stepping along them', () => {
    const raster = new Raster(10, 10, [255, 255, 255]);
    raster.line(-1e12, 5, 1e12, 5, { colour: INK, thickness: 1 });
    expect(inked(raster)).toHaveLength(10);
  });

  it.each([
    [NaN, 0, 5, 5],
    [0, 0, Infinity, 5],
  ])('draws nothing for a non-finite end (%s, %s)–(%s, %s)', (x0, y0, x1, y1) => {
    const raster = new Raster(10, 10, [255, 255, 255]);
    raster.line(x0, y0, x1, y1, { colour: INK, thickness: 1 });
    expect(inked(raster)).toEqual([]);
  });

  it('draws nothing for a segment wholly outside the clip', () => {
    const raster = new Raster(10, 10, [255, 255, 255]);
    raster.line(-5, -5, -1, 20, { colour: INK, thickness: 1 });
    expect(inked(raster)).toEqual([]);
  });
});
