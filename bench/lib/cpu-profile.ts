/**
 * A summary of a V8 CPU profile (`node --cpu-prof`): the share of samples per function (self
 * time), with garbage collection, idle and the program as V8 names them.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export function summariseProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const self = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    total += hits;
    const where = url
      ? `${
          url.includes('node_modules')
            ? url
                .slice(url.lastIndexOf('node_modules/') + 13)
                .split('/')
                .slice(0, url.includes('/@') ? 2 : 1)
                .join('/')
            : basename(url)
        }:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `${basename(file)}: ${total} busy samples (${idle} idle)`,
    ...rows.map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`),
  ].join('\n');
}
