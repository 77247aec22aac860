/**
 * The one order of names and messages in every output: UTF-16 code units, as JavaScript's own
 * sort() orders strings. Not the locale's collation (localeCompare, Intl.Collator): that made the
 * order depend on the user's LANG (a Danish locale sorts "aa" after "z"), so two machines could
 * print one graph's findings differently and `diff` would see changes that are not there; and
 * making the first collator costs ~6 ms of ICU set-up in every process and worker thread.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
