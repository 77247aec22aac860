/** Text measurement for the layout, by a canvas in the browser (the CLI uses a width table). */
import type { MeasureText } from '../src/render/layout/types.js';

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

export const canvasMeasure = (family: string = FONT_FAMILY): MeasureText => {
  const ctx = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text, fontSize) => {
    const key = `${fontSize}\u0000${text}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let w: number;
    if (ctx === null) w = text.length * fontSize * 0.6;
    else {
      ctx.font = `${fontSize}px ${family}`;
      w = ctx.measureText(text).width;
    }
    cache.set(key, w);
    return w;
  };
};
