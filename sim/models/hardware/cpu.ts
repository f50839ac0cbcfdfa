/**
 * A broker's CPU cores shared by its threads (network, request handler, replica fetcher). A piece
 * of CPU work that starts while `running` pieces (itself included) are on the CPU takes
 * cpuUs × max(1, running / cores): with no more runnable threads than cores nothing slows; past
 * that, the cores' capacity is shared (processor sharing, with the share fixed when the work
 * starts, so one event per piece of work). Busy core-time is integrated for the `cpu.cores`
 * series. Pure accounting; the caller schedules.
 */
import { assert } from '../../engine/index.ts';

export class CpuCores {
  readonly cores: number;
  #running = 0;
  #busyCoreUs = 0;
  #sinceUs = 0;

  constructor(cores: number) {
    assert(Number.isInteger(cores) && cores > 0, `cpu: cores ${cores}`);
    this.cores = cores;
  }

  get running(): number {
    return this.#running;
  }

  /** Work of `cpuUs` starts now: its duration. Call end() when it is done. */
  begin(nowUs: number, cpuUs: number): number {
    this.#account(nowUs);
    this.#running++;
    return this.stretch(cpuUs);
  }

  end(nowUs: number): void {
    this.#account(nowUs);
    assert(this.#running > 0, 'cpu: end without begin');
    this.#running--;
  }

  /** The duration of `cpuUs` of work under the current load (the running pieces and one more). */
  stretch(cpuUs: number): number {
    const load = Math.max(this.#running, 1);
    return load <= this.cores ? cpuUs : Math.ceil((cpuUs * load) / this.cores);
  }

  /** The process stopped: whatever was running is gone. */
  reset(nowUs: number): void {
    this.#account(nowUs);
    this.#running = 0;
  }

  /** Core-microseconds busy so far (at most `cores` per microsecond). */
  busyCoreUs(nowUs: number): number {
    this.#account(nowUs);
    return this.#busyCoreUs;
  }

  #account(nowUs: number): void {
    this.#busyCoreUs += Math.min(this.#running, this.cores) * (nowUs - this.#sinceUs);
    this.#sinceUs = nowUs;
  }
}
