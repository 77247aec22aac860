/**
 * The manager's own environment from /etc/systemd/system.conf (+ system.conf.d/*.conf), which the
 * generators inherit: NixOS passes SYSTEMD_SYSROOT_FSTAB this way. The file's syntax is plain
 * INI (one [Manager] section, no repeated keys that matter here), so the `ini` package reads it;
 * the value is then split into words as systemd does for ManagerEnvironment= (quotes removed).
 */
import { parse } from 'ini';
import type { Diagnostic } from '../types.js';

/** Split like extract_first_word(EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE) for the simple cases. */
export const splitQuotedWords = (value: string): string[] => {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && i + 1 < value.length) cur += value[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (c === '\\' && i + 1 < value.length) {
      cur += value[++i];
      inWord = true;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
};

export const readManagerEnvironment = (read: (path: string) => string | undefined, diagnostics: Diagnostic[]): Map<string, string> => {
  const env = new Map<string, string>();
  const text = read('/etc/systemd/system.conf');
  if (text === undefined) return env;
  let conf: Record<string, unknown>;
  try {
    conf = parse(text);
  } catch (e) {
    diagnostics.push({ code: 'system-conf', severity: 'warning', file: 'etc/systemd/system.conf', message: `cannot parse: ${String(e)}` });
    return env;
  }
  const manager = conf['Manager'];
  const value = typeof manager === 'object' && manager !== null ? (manager as Record<string, unknown>)['ManagerEnvironment'] : undefined;
  if (typeof value !== 'string') return env;
  for (const word of splitQuotedWords(value)) {
    const eq = word.indexOf('=');
    if (eq > 0) env.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return env;
};
