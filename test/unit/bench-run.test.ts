import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);

/** `npm run bench -- <args>` without npm: the script's own entry point, as npm runs it. */
async function bench(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run bench (bench/run.ts)', () => {
  it('--help lists every benchmark with what it measures, the long ones marked', async () => {
    const { code, stdout } = await bench('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run bench/);
    for (const name of ['join', 'reconciliation', 'report-walk']) expect(stdout).toMatch(new RegExp(`^  ${name} +  \\S`, 'm'));
    for (const name of ['load', 'feed-walk']) expect(stdout).toMatch(new RegExp(`^  ${name} +\\* \\S`, 'm'));
    expect(stdout).toContain("the gateway's memory while a client walks a feed");
  }, 30_000);

  it('without a name it selects only the quick benchmarks; the long ones only when named, or with all', async () => {
    expect((await bench('--list')).stdout.trim().split('\n')).toEqual(['join', 'reconciliation', 'report-walk']);
    expect((await bench('load', '--list')).stdout.trim().split('\n')).toEqual(['load']);
    expect((await bench('all', '--list')).stdout.trim().split('\n')).toEqual([
      'feed-walk',
      'join',
      'load',
      'reconciliation',
      'report-walk',
    ]);
  }, 30_000);

  it('an unknown name is an error with the list, not a silent run of nothing', async () => {
    const { code, stdout, stderr } = await bench('lod');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown benchmark: lod');
    expect(stderr).toContain('usage: npm run bench');
  }, 30_000);
});
