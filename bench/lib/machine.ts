import { availableParallelism, cpus, freemem, loadavg, release, totalmem, type as osType } from 'node:os';
import { readFile } from 'node:fs/promises';

export interface MachineInfo {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  /** 1-minute load average at start: how busy the machine already was. */
  load1: number;
}

/** PRETTY_NAME from /etc/os-release where there is one (Linux), else the kernel's name. */
async function osName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
    if (m?.[1]) return m[1];
  } catch {
    // not Linux, or no os-release
  }
  return osType();
}

export async function machineInfo(): Promise<MachineInfo> {
  const gib = (b: number) => Math.round((b / 1024 ** 3) * 10) / 10;
  return {
    date: new Date().toISOString(),
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    os: await osName(),
    kernel: `${osType()} ${release()}`,
    node: process.version,
    load1: loadavg()[0] ?? 0,
  };
}

export function describeMachine(m: MachineInfo): string {
  return [
    `date: ${m.date}`,
    `cores: ${m.cores} (${m.cpuModel})`,
    `memory: ${m.memoryGiB} GiB (${m.freeMemoryGiB} GiB free at start)`,
    `os: ${m.os} (${m.kernel})`,
    `node: ${m.node}`,
    `load average (1 min) at start: ${m.load1.toFixed(2)}`,
  ].join('\n');
}
