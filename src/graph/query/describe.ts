/** Human-readable edges: "a.service → b.mount  Before (file etc/x.service:4: Before=b.mount)". */
import type { DepEdge } from '../types.js';

export const edgeSource = (e: DepEdge): string => {
  const at = e.file === undefined ? '' : ` ${e.file}${e.line === undefined ? '' : `:${e.line}`}`;
  return `${e.origin}${at}${e.via === undefined ? '' : `: ${e.via}`}`;
};

export const describeEdge = (e: DepEdge): string => `${e.from} → ${e.to}  ${e.kind} (${edgeSource(e)})`;
