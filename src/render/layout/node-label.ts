/** What a unit's box says: its name, shortened in the middle when very long (escaped device paths). */
export const shortLabel = (name: string, max: number): string => {
  const chars = [...name];
  if (chars.length <= max) return name;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
};

/** Round a coordinate to 0.1 px so layouts compare equal across platforms and print compactly. */
export const round1 = (n: number): number => {
  const r = Math.round(n * 10) / 10;
  return r === 0 ? 0 : r;
};
