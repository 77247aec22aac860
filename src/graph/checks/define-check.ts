/** ESLint's triad, typed: a rule is an id, its meta, and a pure `run`. */
import type { Check } from './types.js';

export const defineCheck = (check: Check): Check => check;

/** Fill `{{name}}` placeholders of a message template. */
export const fillMessage = (template: string, data: Readonly<Record<string, string | number>> = {}): string =>
  template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
