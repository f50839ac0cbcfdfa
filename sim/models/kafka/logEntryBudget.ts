/**
 * The memory bound of the partition logs (simulator memory, not a Kafka config). A log keeps its
 * batches as entries and merges its oldest ones once it holds LOG_ENTRIES_PER_LOG_MAX (1,024); a
 * merge joins the oldest half window only, which stops shrinking once that window is coarse, so a
 * log also has a ceiling where it merges all but its newest entries. The ceiling is each log's
 * share of the run's LOG_ENTRIES_BUDGET, split evenly over every replica in the catalog, within
 * [LOG_ENTRIES_CEILING_MIN, LOG_ENTRIES_CEILING_MAX]; the merge threshold is at most half of it.
 * So a run of a few hundred partitions merges as before (ceiling 8,192 entries a log), and a run
 * of 10,000 partitions × RF 3 keeps at most about 140 entries a log: coarser for old data, but
 * the same memory in total. A broker counts its logs' entries together: batches of different
 * leader epochs never merge, so a log spanning many epochs can pass its ceiling; when a broker's
 * logs pass the sum of their ceilings the run stops with a message instead of running out of
 * memory.
 */
import { assert } from '../../engine/index.ts';

/**
 * Entries of all the logs of a run: about 515 MB at 123 B an entry (object, array slot and
 * page-cache position, measured with node 20 and --expose-gc on 10^6 entries).
 */
export const LOG_ENTRIES_BUDGET = 4_194_304;
/** A log's merge threshold while its ceiling allows (the bound before the budget). */
export const LOG_ENTRIES_PER_LOG_MAX = 1024;
/** The largest ceiling: ordinary runs (up to 512 replicas) never merge a whole log. */
export const LOG_ENTRIES_CEILING_MAX = 8192;
/**
 * The smallest ceiling, taken past 131,072 replicas (the budget is then exceeded): merged
 * entries hold up to 1/4 of a log, still fine enough for retention and reads near the end.
 */
export const LOG_ENTRIES_CEILING_MIN = 32;

/** A log's ceiling: its share of `budgetEntries` over `logCount` logs, within [MIN, MAX]. */
export function logEntriesCeiling(budgetEntries: number, logCount: number): number {
  assert(budgetEntries > 0, `log entry budget ${budgetEntries} is not positive`);
  assert(logCount >= 0, `log count ${logCount} is negative`);
  const share = Math.floor(budgetEntries / Math.max(1, logCount));
  return Math.min(LOG_ENTRIES_CEILING_MAX, Math.max(LOG_ENTRIES_CEILING_MIN, share));
}

/** The entries of one owner's logs (a broker's), each log's ceiling, and the owner's bound. */
export class LogEntryBudget {
  readonly owner: string;
  /** Entries a log may hold before it merges all but its newest (its share of the budget). */
  readonly ceilingPerLog: number;
  /** Entries a log holds before it merges its oldest half window. */
  readonly entriesPerLog: number;
  /** Entries held by the owner's logs now. */
  entries = 0;
  /** Logs that draw on this budget. */
  logs = 0;

  constructor(owner: string, ceilingPerLog: number) {
    assert(Number.isSafeInteger(ceilingPerLog), `${owner}: log ceiling ${ceilingPerLog}`);
    assert(ceilingPerLog >= 16, `${owner}: log ceiling ${ceilingPerLog} is below 16`);
    this.owner = owner;
    this.ceilingPerLog = ceilingPerLog;
    this.entriesPerLog = Math.min(LOG_ENTRIES_PER_LOG_MAX, ceilingPerLog >> 1);
  }

  /** The owner's bound: the sum of its logs' ceilings. */
  get entriesMax(): number {
    return this.ceilingPerLog * Math.max(1, this.logs);
  }

  /** Stops the run with a message when the owner's logs hold more than entriesMax. */
  check(logName: string, logEntries: number, epochCount: number): void {
    if (this.entries <= this.entriesMax) return;
    throw new Error(
      `${this.owner}: its ${this.logs} partition logs hold ${this.entries} batch entries, above` +
        ` the bound of ${this.entriesMax} (${this.ceilingPerLog} a log, its share of` +
        ` LOG_ENTRIES_BUDGET ${LOG_ENTRIES_BUDGET}); ${logName} holds ${logEntries} entries` +
        ` over ${epochCount} leader epochs, and batches of different epochs never merge.` +
        ' Fewer leader elections, a shorter retention or fewer partitions keep the run within it',
    );
  }
}
