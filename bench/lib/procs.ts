/**
 * Processes for the load benchmark: start one (pinned to a CPU set with `taskset` where the machine
 * allows), wait for the line that says where it listens, and read its CPU time and peak RSS from
 * /proc (Linux).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The first capture group of the ready pattern (a URL). */
  ready: string;
  /** Everything the process wrote, for the error message when it dies. */
  output: () => string;
}

/** `taskset -c <cpus>` when there are at least two cores and taskset runs; else no pinning. */
export function pinning(): { gateway: string[]; others: string[]; note: string } {
  const cores = availableParallelism();
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (cores >= 2 && taskset) {
    return {
      gateway: ['taskset', '-c', '0'],
      others: ['taskset', '-c', `1-${cores - 1}`],
      note: `gateway / hand-written client on CPU 0, sandbox + wrk on CPU 1${cores > 2 ? `-${cores - 1}` : ''}`,
    };
  }
  return { gateway: [], others: [], note: `not pinned (${cores} core(s), taskset ${taskset ? 'available' : 'unavailable'})` };
}

/**
 * The node flags `npm run start:prod` of the build's own package.json passes (`dir`: the directory
 * above its dist/), so a benchmark runs the build as it is deployed: `node <flags> dist/server.js`.
 */
export function productionNodeFlags(dir: string): string[] {
  const script =
    (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.['start:prod'] ?? '';
  const words = script.split(/\s+/);
  const node = words.indexOf('node');
  return node < 0 ? [] : words.slice(node + 1).filter((w) => w.startsWith('--'));
}

export async function start(name: string, argv: string[], env: Record<string, string>, readyPattern: RegExp, cwd: string): Promise<Proc> {
  const [cmd, ...args] = argv as [string, ...string[]];
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 120 s:\n${out}`)), 120_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.length > 100_000) out = out.slice(-50_000);
      const m = readyPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
  // Keep draining so a chatty process never blocks on a full pipe.
  return { name, child, pid: child.pid!, ready, output: () => out };
}

export function stop(p: Proc): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGTERM');
    setTimeout(() => p.child.kill('SIGKILL'), 15_000).unref();
  });
}

const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);

/** User + system CPU time of the process so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * Peak RSS over a stretch of time: resets the kernel's high-water mark (`clear_refs` 5) and reads
 * it at the end; where that is not allowed, samples the RSS every 20 ms.
 */
export function peakRss(pid: number): () => number {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return () => statusKb(pid, 'VmHWM') * 1024;
  } catch {
    let max = statusKb(pid, 'VmRSS');
    const timer = setInterval(() => {
      max = Math.max(max, statusKb(pid, 'VmRSS'));
    }, 20);
    return () => {
      clearInterval(timer);
      return Math.max(max, statusKb(pid, 'VmRSS')) * 1024;
    };
  }
}

export function rssBytes(pid: number): number {
  return statusKb(pid, 'VmRSS') * 1024;
}
