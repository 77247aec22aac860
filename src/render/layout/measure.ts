/**
 * A deterministic text width table for the CLI: the advance widths of DejaVu Sans (Book), the
 * font `sans-serif` resolves to on most Linux systems (Bitstream Vera metrics, close to Verdana).
 * Read from DejaVuSans.ttf's hmtx table, in thousandths of an em, for U+0020..U+007E.
 * The browser injects a canvas measurement instead; the same layout code runs on both.
 */
import type { MeasureText } from './types.js';

// prettier-ignore
const ASCII: readonly number[] = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, // ' '..'/'
  636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, // '0'..'?'
  1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, // '@'..'O'
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, // 'P'..'_'
  500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, // '`'..'o'
  635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, //      'p'..'~'
];

const OTHER: Readonly<Record<number, number>> = { 0x2026: 1000, 0x2192: 838, 0x00b7: 318, 0x2014: 1000, 0x2013: 500 };

/** Width of a code point in thousandths of an em; unknown characters count as a wide glyph. */
const advance = (cp: number): number => (cp >= 0x20 && cp <= 0x7e ? (ASCII[cp - 0x20] ?? 636) : (OTHER[cp] ?? 838));

/** Width in px of `text` set in DejaVu Sans at `fontSize` px (no kerning), rounded to 0.01 px. */
export const measureSans: MeasureText = (text, fontSize) => {
  let units = 0;
  for (const ch of text) units += advance(ch.codePointAt(0) ?? 0x20);
  return Math.round((units * fontSize) / 10) / 100;
};
