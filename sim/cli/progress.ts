/**
 * The progress bar of `kafkasim run`, on stderr only (stdout stays clean for `--json`). It
 * appears only once a run has taken a second of wall time, so short runs print nothing extra,
 * and only when stderr is a terminal. The simulation runs synchronously and reports progress
 * between chunks of virtual time, so the bar redraws from those calls, never from a timer.
 */
import cliProgress from 'cli-progress';
import { formatSeconds } from '../report/table.ts';

export const PROGRESS_DELAY_MS = 1000;

export class ProgressBar {
  readonly #enabled: boolean;
  readonly #startMs = performance.now();
  #bar: cliProgress.SingleBar | null = null;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /** Called by `simulate` after each chunk of virtual time. */
  update(nowUs: number, durationUs: number): void {
    if (!this.#enabled) return;
    const payload = {
      virtual: formatSeconds(nowUs / 1000),
      virtualTotal: formatSeconds(durationUs / 1000),
    };
    if (this.#bar === null) {
      if (performance.now() - this.#startMs < PROGRESS_DELAY_MS) return;
      this.#bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format:
            '  {bar} {percentage}% | {virtual} of {virtualTotal} virtual | ETA {eta_formatted}',
          clearOnComplete: true,
          barsize: 30,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(durationUs, nowUs, payload);
      return;
    }
    this.#bar.update(nowUs, payload);
  }

  /** Removes the bar (if it was shown) before anything else is printed. */
  stop(): void {
    this.#bar?.stop();
    this.#bar = null;
  }
}

/** The progress bar of `kafkasim compare`: runs done of all runs, on a terminal's stderr. */
export class RunsProgressBar {
  readonly #bar: cliProgress.SingleBar | null;

  constructor(enabled: boolean, total: number) {
    if (!enabled || total < 2) {
      this.#bar = null;
      return;
    }
    this.#bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: '  {bar} {value}/{total} runs | ETA {eta_formatted}',
        clearOnComplete: true,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
    this.#bar.start(total, 0);
  }

  update(done: number): void {
    this.#bar?.update(done);
  }

  stop(): void {
    this.#bar?.stop();
  }
}
