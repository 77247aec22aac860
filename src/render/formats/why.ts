/** `unitgraph why` output. Pure. */
import type { WhyAnswer } from '../../graph/query/why.js';
import { describeEdge } from '../../graph/query/describe.js';

export const formatWhyText = (w: WhyAnswer): string => {
  const lines: string[] = [];
  const chain = (title: string, edges: WhyAnswer['pulls']): void => {
    if (edges === undefined) return;
    lines.push(title);
    for (const e of edges) lines.push(`  ${describeEdge(e)}`);
  };
  if (w.orderedBefore !== undefined) chain(`${w.a} is ordered before ${w.b}:`, w.orderedBefore);
  else if (w.orderedAfter !== undefined) chain(`${w.a} is not ordered before ${w.b}; it is ordered after it:`, w.orderedAfter);
  else lines.push(`${w.a} and ${w.b} are not ordered against each other (no chain of Before=/After=): their jobs may run in any order or in parallel.`);
  if (w.pulls !== undefined) chain(`${w.a} pulls in ${w.b}:`, w.pulls);
  else if (w.pulledBy !== undefined) chain(`${w.a} does not pull in ${w.b}; ${w.b} pulls in ${w.a}:`, w.pulledBy);
  else lines.push(`${w.a} does not pull in ${w.b} (no chain of Wants=/Requires=/BindsTo=/Requisite=/Upholds=), nor the other way round.`);
  return lines.join('\n') + '\n';
};

export const formatWhyJson = (w: WhyAnswer): string => JSON.stringify(w, null, 2) + '\n';
