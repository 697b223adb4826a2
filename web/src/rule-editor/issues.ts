import type { CombinedError } from 'urql';
import { nodeAt, parseIssuePath, type TreeNode } from '../payout-tree';

/** One message of the gateway's validation, at the input path it concerns. */
export interface Issue {
  path: string;
  message: string;
}

/** The messages that belong to one node of the tree (by field), or to the list of nodes under it. */
export interface NodeIssues {
  node: string[];
  value: string[];
  destination: string[];
  level: string[];
}

/** The validation issues of a refused input (`extensions.issues`, or the one `extensions.path`). */
export function issuesOf(error: CombinedError | undefined): Issue[] {
  const out: Issue[] = [];
  for (const e of error?.graphQLErrors ?? []) {
    const ext = e.extensions as { code?: string; path?: unknown; issues?: unknown };
    if (ext.code !== 'BAD_USER_INPUT') continue;
    if (Array.isArray(ext.issues)) {
      for (const i of ext.issues as Array<{ path?: unknown; message?: unknown }>) {
        if (typeof i.path === 'string' && typeof i.message === 'string') out.push({ path: i.path, message: i.message });
      }
    } else if (typeof ext.path === 'string') out.push({ path: ext.path, message: e.message.replace(/^[\w.[\]]+: /, '') });
  }
  return out;
}

/**
 * Every message placed on the node (or level) it concerns, keyed by the node's indices joined with
 * `.` (`''` is the top level): the gateway's issues, and what the editor could not even turn into
 * input (`problems`, by node key). A node the person has not touched yet is not marked wrong until
 * they try to save. Issues on paths the tree does not have are `unplaced`, shown under the form.
 */
export function placeIssues(
  nodes: ReadonlyArray<TreeNode>,
  problems: ReadonlyMap<string, string>,
  issues: ReadonlyArray<Issue>,
  triedToSave: boolean,
): { placed: Map<string, NodeIssues>; unplaced: Issue[] } {
  const placed = new Map<string, NodeIssues>();
  const at = (indices: number[]) => {
    const k = indices.join('.');
    let v = placed.get(k);
    if (!v) placed.set(k, (v = { node: [], value: [], destination: [], level: [] }));
    return v;
  };
  const unplaced: Issue[] = [];
  for (const issue of issues) {
    const target = parseIssuePath(issue.path);
    if (!target || (target.indices.length > 0 && !nodeAt(nodes, target.indices))) {
      unplaced.push(issue);
      continue;
    }
    const node = nodeAt(nodes, target.indices);
    if (node && !triedToSave && node.value.trim() === '' && node.destination.trim() === '' && node.type !== 'REMAINING_AMOUNT') continue;
    const slot = at(target.indices);
    const list =
      target.field === 'value'
        ? slot.value
        : target.field === 'destination'
          ? slot.destination
          : target.field === 'level'
            ? slot.level
            : slot.node;
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  const locate = (list: ReadonlyArray<TreeNode>, prefix: number[]) =>
    list.forEach((n, i) => {
      const problem = problems.get(n.key);
      if (problem) at([...prefix, i]).value.push(problem);
      locate(n.children, [...prefix, i]);
    });
  locate(nodes, []);
  return { placed, unplaced };
}
