/** `unitgraph list`: text table and the contract's JSON. Pure. */
import type { Unit } from '../../parse/types.js';

export interface ListEntry {
  name: string;
  type: string;
  file: string | null;
  origin: string;
  masked: boolean;
  aliases: string[];
  dropins: string[];
}

export const toListEntries = (units: Iterable<Unit>): ListEntry[] =>
  [...units]
    .map((u) => ({ name: u.name, type: u.type, file: u.file, origin: u.origin, masked: u.masked, aliases: [...u.aliases], dropins: [...u.dropins] }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const formatListJson = (entries: readonly ListEntry[]): string => JSON.stringify({ units: entries }, null, 2) + '\n';

export const formatListText = (entries: readonly ListEntry[], notes: readonly string[] = []): string => {
  const width = Math.min(60, Math.max(4, ...entries.map((e) => e.name.length)));
  const lines = entries.map((e) => {
    const flags = [e.masked ? 'masked' : '', e.aliases.length > 0 ? `aliases: ${e.aliases.join(' ')}` : '', e.dropins.length > 0 ? `${e.dropins.length} drop-in${e.dropins.length > 1 ? 's' : ''}` : '']
      .filter((f) => f !== '')
      .join('; ');
    return `${e.name.padEnd(width)}  ${e.origin.padEnd(10)}  ${e.file ?? '-'}${flags === '' ? '' : `  (${flags})`}`;
  });
  const counts = ['file', 'generator', 'referenced'].map((o) => `${entries.filter((e) => e.origin === o).length} ${o}`).join(', ');
  return [...lines, '', `${entries.length} units (${counts})`, ...notes.map((n) => `note: ${n}`)].join('\n') + '\n';
};
