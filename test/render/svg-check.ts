/** Strict SVG parsing for tests: any XML error fails the test. */
import { expect } from '@jest/globals';
import { DOMParser, type Document } from '@xmldom/xmldom';

export const parseSvg = (svg: string): Document => {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  expect(doc.documentElement?.nodeName).toBe('svg');
  return doc;
};
