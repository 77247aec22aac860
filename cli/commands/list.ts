import type { Io } from '../io.js';
import { toAnalyzeOptions, type SourceOptions } from '../options.js';
import { analyzeSource } from '../../src/index.js';
import { escapeDeep, escapeJsonControls } from '../../src/render/terminal-text.js';
import { formatListJson, formatListText, toListEntries } from '../../src/render/formats/list.js';

export const listCommand = async (io: Io, source: string, opts: SourceOptions & { format: string }): Promise<number> => {
  const { set } = await analyzeSource(source, toAnalyzeOptions(io, opts));
  const entries = toListEntries(set.units.values());
  io.stdout(opts.format === 'json' ? escapeJsonControls(formatListJson(entries)) : formatListText(escapeDeep(entries), escapeDeep(set.notes)));
  return 0;
};
