/**
 * ManagerEnvironment= and DefaultEnvironment= of /etc/systemd/system.conf, read the way
 * src/shared/conf-parser.c reads it (comments `#`/`;`, trailing-backslash continuation, last
 * section header wins) and split as config_parse_environ() does (EXTRACT_CUNESCAPE|EXTRACT_UNQUOTE,
 * invalid assignments skipped, an empty assignment resets, repeated lines accumulate).
 * The `ini` package is not used: it would keep only the last of repeated keys and knows neither
 * continuation lines nor systemd's quoting.
 */
import type { Diagnostic } from '../../types.js';
import { splitWords } from './words.js';

export interface SystemConf {
  managerEnvironment: Map<string, string>;
  defaultEnvironment: Map<string, string>;
  diagnostics: Diagnostic[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const applyEnviron = (env: Map<string, string>, value: string, file: string, line: number, diagnostics: Diagnostic[]): void => {
  if (value === '') {
    env.clear();
    return;
  }
  const { words, error } = splitWords(value, undefined, { cunescape: true, unquote: true });
  if (error !== undefined)
    diagnostics.push({ code: 'system-conf', severity: 'warning', file, line, message: `invalid syntax, ignoring the rest of the assignment: ${error}` });
  for (const w of words) {
    const eq = w.indexOf('=');
    const name = eq < 0 ? w : w.slice(0, eq);
    // eslint-disable-next-line no-control-regex
    if (eq < 0 || !ENV_NAME.test(name) || /[\x00-\x08\x0a-\x1f\x7f]/.test(w)) {
      diagnostics.push({ code: 'system-conf', severity: 'warning', file, line, message: `invalid environment assignment, ignoring: ${w}` });
      continue;
    }
    env.set(name, w.slice(eq + 1));
  }
};

export const parseSystemConf = (text: string, file = '/etc/systemd/system.conf'): SystemConf => {
  const res: SystemConf = { managerEnvironment: new Map(), defaultEnvironment: new Map(), diagnostics: [] };
  let section: string | undefined;
  let continuation: { text: string; line: number } | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, idx) => {
    let l = raw.trim();
    let lineNo = idx + 1;
    if (continuation === undefined && (l.startsWith('#') || l.startsWith(';'))) return;
    if (continuation !== undefined) {
      if (l.startsWith('#') || l.startsWith(';')) return;
      lineNo = continuation.line;
      l = continuation.text + l;
      continuation = undefined;
    }
    let escaped = false;
    for (const c of l) escaped = escaped ? false : c === '\\';
    if (escaped) {
      continuation = { text: l.slice(0, -1) + ' ', line: lineNo };
      return;
    }
    if (l === '') return;
    if (l.startsWith('[')) {
      if (!l.endsWith(']')) {
        res.diagnostics.push({ code: 'system-conf', severity: 'warning', file, line: lineNo, message: `invalid section header: ${l}` });
        section = undefined;
        return;
      }
      section = l.slice(1, -1);
      return;
    }
    const eq = l.indexOf('=');
    if (eq < 0) {
      res.diagnostics.push({ code: 'system-conf', severity: 'warning', file, line: lineNo, message: `missing '=', ignoring line: ${l}` });
      return;
    }
    if (section !== 'Manager') return;
    const key = l.slice(0, eq).trim();
    const value = l.slice(eq + 1).trim();
    if (key === 'ManagerEnvironment') applyEnviron(res.managerEnvironment, value, file, lineNo, res.diagnostics);
    else if (key === 'DefaultEnvironment') applyEnviron(res.defaultEnvironment, value, file, lineNo, res.diagnostics);
  });
  return res;
};

export const readSystemConf = (read: (path: string) => string | undefined): SystemConf | undefined => {
  const text = read('/etc/systemd/system.conf');
  return text === undefined ? undefined : parseSystemConf(text);
};
