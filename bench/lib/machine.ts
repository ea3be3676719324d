// What the numbers were measured on, for the header of RESULTS.md.
import { cpus, release, totalmem } from 'node:os';

export interface MachineInfo {
  node: string;
  cpu: string;
  cores: number;
  os: string;
  memoryGiB: number;
  /** ISO 8601, UTC. */
  date: string;
}

export function machineInfo(now = new Date()): MachineInfo {
  const processors = cpus();
  return {
    node: process.version,
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    os: `${process.platform} ${release()} ${process.arch}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    date: now.toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}
