import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** A process started like a user starts it, with its stdout lines (JSON log lines parsed). */
export interface Started {
  child: ChildProcess;
  lines: string[];
  /** The JSON line with `msg === message`, once printed. */
  waitForLog(message: string): Promise<Record<string, unknown>>;
  /** The first line matching `pattern`, once printed. */
  waitForLine(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startProcess(command: string, args: string[], env: Record<string, string>, cwd: string): Started {
  // Upstream credentials of the caller's environment must not turn the sandbox off.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(VIPPS|DINTERO|EASYPAY|TALLY|REDIS|OTEL|PORT|SANDBOX)/.test(k)),
  );
  const child = spawn(command, args, { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const w of waiters.splice(0)) w();
    }),
  );
  const find = (message: string) => {
    for (const l of lines) {
      if (!l.startsWith('{')) continue;
      const json = JSON.parse(l) as Record<string, unknown>;
      if (json.msg === message) return json;
    }
    return undefined;
  };
  const wait = <T>(probe: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = probe();
        if (hit !== undefined) return resolve(hit);
        if (child.exitCode !== null) return reject(new Error(`exited (${child.exitCode}) before printing ${what}:\n${lines.join('\n')}`));
        waiters.push(check);
      };
      check();
    });
  return {
    child,
    lines,
    exited,
    waitForLog(message) {
      return wait(() => find(message), `"${message}"`);
    },
    waitForLine(pattern) {
      return wait(() => lines.map((l) => l.match(pattern)).find((m) => m !== null) ?? undefined, String(pattern));
    },
  };
}

/** Every process below `pid` (children, grandchildren, ...), from /proc. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the ppid is the second field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is dead but not yet reaped by its parent.
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Whether something accepts connections on this loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
