import { PRICES } from "./costs.js";

/** Memory sizes the choice is made among (MB). */
export const MEMORY_CHOICES = [128, 256, 512, 768, 1024, 1536, 1769] as const;

/** Lambda gives a function CPU in proportion to its memory: one whole vCPU at 1,769 MB. */
const ONE_VCPU_MB = 1769;

/** Resident memory a size must leave free over the measured RSS (the runtime's own buffers, GC room). */
const HEADROOM = 1.5;

export interface MemoryOption {
  readonly memoryMb: number;
  /** Modelled duration of a warm call (ms): waiting for AWS, plus the CPU work slowed to the share of a vCPU. */
  readonly durationMs: number;
  /** Lambda duration charge per million warm calls (US dollars), billed by the millisecond. */
  readonly durationCost: number;
}

/**
 * A warm call's duration and duration cost at each memory size, from its measured CPU time and
 * waiting time (wall − CPU) per call. CPU time measured on this machine stands for one vCPU.
 */
export function memoryOptions(cpuMs: number, waitMs: number, rssMb: number): MemoryOption[] {
  return MEMORY_CHOICES.filter((memoryMb) => memoryMb >= rssMb * HEADROOM).map((memoryMb) => {
    const durationMs = waitMs + cpuMs * Math.max(1, ONE_VCPU_MB / memoryMb);
    const durationCost =
      (memoryMb / 1024) * (Math.ceil(durationMs) / 1000) * 1e6 * PRICES.lambdaArmPerGbSecond;
    return { memoryMb, durationMs, durationCost };
  });
}

/**
 * The size with the least cost × latency (duration charge × duration): more memory buys speed
 * until the call is mostly waiting, and then only costs.
 */
export function chooseMemory(options: readonly MemoryOption[]): MemoryOption {
  const score = (option: MemoryOption) => option.durationCost * option.durationMs;
  return options.reduce((best, option) => (score(option) < score(best) ? option : best));
}
