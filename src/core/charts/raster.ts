/** An RGB colour, each channel 0–255. */
export type Rgb = readonly [red: number, green: number, blue: number];

/** A pixel rectangle; `x`, `y` is its top-left pixel. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Stroke {
  readonly colour: Rgb;
  /** Width of the square pen in pixels. */
  readonly thickness: number;
  /** Pixels drawn, then pixels skipped, repeating along the line. Solid when absent. */
  readonly dash?: readonly [on: number, off: number];
}

/**
 * An opaque RGB pixel buffer with the few drawing operations a small chart needs. Coordinates are whole pixels from
 * the top left. Every operation takes a clip rectangle and drops pixels outside it, so callers need not clamp.
 */
export class Raster {
  /** 3 bytes a pixel, row by row from the top: PNG colour type 2, which pngjs encodes without converting. */
  readonly data: Buffer;
  readonly bounds: Rect;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.data = Buffer.alloc(width * height * 3);
    this.bounds = { x: 0, y: 0, width, height };
    this.fillRect(this.bounds, background);
  }

  setPixel(x: number, y: number, colour: Rgb, clip: Rect = this.bounds): void {
    if (!contains(clip, x, y) || !contains(this.bounds, x, y)) {
      return;
    }
    const offset = (y * this.width + x) * 3;
    this.data[offset] = colour[0];
    this.data[offset + 1] = colour[1];
    this.data[offset + 2] = colour[2];
  }

  fillRect(rect: Rect, colour: Rgb, clip: Rect = this.bounds): void {
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      for (let x = rect.x; x < rect.x + rect.width; x++) {
        this.setPixel(x, y, colour, clip);
      }
    }
  }

  /**
   * A straight line drawn with a square pen of the stroke's thickness. The segment is first cut to the clip rectangle,
   * so the work is bounded by the rectangle's size however far outside it the ends lie. Non-finite ends draw nothing.
   */
  line(x0: number, y0: number, x1: number, y1: number, stroke: Stroke, clip: Rect = this.bounds): void {
    if (![x0, y0, x1, y1].every(Number.isFinite)) {
      return;
    }
    const margin = stroke.thickness;
    const visible = clipSegment([x0, y0, x1, y1], {
      x: clip.x - margin,
      y: clip.y - margin,
      width: clip.width + 2 * margin,
      height: clip.height + 2 * margin,
    });
    if (visible !== undefined) {
      const [ax, ay, bx, by] = visible;
      this.bresenham([Math.round(ax), Math.round(ay), Math.round(bx), Math.round(by)], stroke, clip);
    }
  }

  private bresenham([x0, y0, x1, y1]: Segment, stroke: Stroke, clip: Rect): void {
    const dx = Math.abs(x1 - x0);
    const dy = -Math.abs(y1 - y0);
    const stepX = x0 < x1 ? 1 : -1;
    const stepY = y0 < y1 ? 1 : -1;
    const [on, off] = stroke.dash ?? [1, 0];
    const pen = { width: stroke.thickness, height: stroke.thickness };
    let error = dx + dy;
    let x = x0;
    let y = y0;
    for (let step = 0; ; step++) {
      if (step % (on + off) < on) {
        this.fillRect({ ...pen, x, y }, stroke.colour, clip);
      }
      if (x === x1 && y === y1) {
        return;
      }
      const doubled = 2 * error;
      if (doubled >= dy) {
        error += dy;
        x += stepX;
      }
      if (doubled <= dx) {
        error += dx;
        y += stepY;
      }
    }
  }
}

type Segment = [x0: number, y0: number, x1: number, y1: number];

/** Liang–Barsky: the part of the segment inside `rect`, or undefined when none is. */
function clipSegment([x0, y0, x1, y1]: Segment, rect: Rect): Segment | undefined {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const edges: ReadonlyArray<readonly [p: number, q: number]> = [
    [-dx, x0 - rect.x],
    [dx, rect.x + rect.width - 1 - x0],
    [-dy, y0 - rect.y],
    [dy, rect.y + rect.height - 1 - y0],
  ];
  let enter = 0;
  let leave = 1;
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) {
        return undefined;
      }
      continue;
    }
    const t = q / p;
    if (p < 0) {
      enter = Math.max(enter, t);
    } else {
      leave = Math.min(leave, t);
    }
  }
  return enter > leave ? undefined : [x0 + enter * dx, y0 + enter * dy, x0 + leave * dx, y0 + leave * dy];
}

function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}
