/**
 * The durability ledger: which acknowledged records still exist. Acknowledged offsets are kept
 * per partition as ranges tagged with the leader epoch that wrote them (offsets within one epoch
 * are written by one leader only, so (epoch, offset) identifies a record). When a broker becomes
 * leader, every acknowledged range its log does not hold with the same epoch is lost: the new
 * leader will write other records at those offsets and the old copies will be truncated. An ack
 * that arrives after such an election is checked against that leader's log at once.
 * Left out: a later election of a replica that still had the records "un-losing" them.
 * Bounded: touching ranges of one epoch coalesce, so a partition keeps one range per epoch plus
 * one per gap (a batch written but never acknowledged); past LEDGER_RANGES_MAX ranges in all the
 * run stops with a message. Reported losses are forgotten (forgetLosses), only counts stay.
 */

/** Ranges of all partitions, about 56 B each (112 MB): 20 gaps or epochs for 10^5 partitions. */
export const LEDGER_RANGES_MAX = 2_000_000;

export interface AckedRange {
  leaderEpoch: number;
  fromOffset: number;
  toOffset: number;
}

export interface LossRecord {
  atUs: number;
  partition: string;
  leaderEpoch: number;
  fromOffset: number;
  toOffset: number;
  records: number;
  newLeader: number;
}

interface LeaderView {
  leaderEpoch: number;
  broker: number;
  epochs: Array<[number, number]>;
  logEndOffset: number;
}

export class DurabilityLedger {
  readonly #acked = new Map<string, AckedRange[]>();
  readonly #leaders = new Map<string, LeaderView>();
  /** Losses not yet reported (see forgetLosses). */
  readonly losses: LossRecord[] = [];
  #rangesCount = 0;
  readonly #rangesMax: number;

  constructor(rangesMax = LEDGER_RANGES_MAX) {
    this.#rangesMax = rangesMax;
  }
  ackedRecordsLost = 0;
  /** Losses counted only after this time go into the summary window. */
  ackedRecordsLostInWindow = 0;
  windowFromUs = 0;

  onAcked(
    atUs: number,
    partition: string,
    leaderEpoch: number,
    baseOffset: number,
    count: number,
  ): void {
    const range = { leaderEpoch, fromOffset: baseOffset, toOffset: baseOffset + count };
    const leader = this.#leaders.get(partition);
    const ranges = this.#ranges(partition);
    const countBefore = ranges.length;
    if (leader !== undefined && leader.leaderEpoch > leaderEpoch) {
      for (const piece of this.#checkAgainst(atUs, partition, range, leader)) {
        insertRange(ranges, piece);
      }
    } else insertRange(ranges, range);
    this.#counted(atUs, partition, ranges.length - countBefore);
  }

  /** Ranges kept now, over all partitions. */
  get rangesCount(): number {
    return this.#rangesCount;
  }

  /** acks=0 records a leader refused: the producer counted them sent, no log holds them. */
  onRefused(atUs: number, records: number): void {
    this.#countLost(atUs, records);
  }

  /** Drops the losses a caller has reported: the list stays bounded, the counts stay. */
  forgetLosses(): void {
    this.losses.length = 0;
  }

  #countLost(atUs: number, records: number): void {
    this.ackedRecordsLost += records;
    if (atUs >= this.windowFromUs) this.ackedRecordsLostInWindow += records;
  }

  #counted(atUs: number, partition: string, delta: number): void {
    this.#rangesCount += delta;
    if (this.#rangesCount <= this.#rangesMax) return;
    throw new Error(
      `durability ledger: ${this.#rangesCount} acknowledged offset ranges at ${atUs}us, above` +
        ` the bound of ${this.#rangesMax} (LEDGER_RANGES_MAX; ${partition} holds` +
        ` ${this.#ranges(partition).length}): each gap of batches written but never` +
        ' acknowledged keeps a range; fewer partitions or fewer failed requests keep the run' +
        ' within the bound',
    );
  }

  onBecameLeader(
    atUs: number,
    partition: string,
    broker: number,
    leaderEpoch: number,
    epochs: Array<[number, number]>,
    logEndOffset: number,
  ): void {
    const known = this.#leaders.get(partition);
    if (known !== undefined && known.leaderEpoch >= leaderEpoch) return;
    const view = { leaderEpoch, broker, epochs, logEndOffset };
    this.#leaders.set(partition, view);
    const ranges = this.#ranges(partition);
    const countBefore = ranges.length;
    const kept: AckedRange[] = [];
    for (const range of ranges) kept.push(...this.#checkAgainst(atUs, partition, range, view));
    ranges.length = 0;
    for (const range of kept) insertRange(ranges, range);
    this.#counted(atUs, partition, ranges.length - countBefore);
  }

  /** Returns the parts of `range` present in the leader's log; counts the rest as lost. */
  #checkAgainst(
    atUs: number,
    partition: string,
    range: AckedRange,
    leader: LeaderView,
  ): AckedRange[] {
    const present = presentRange(range, leader);
    const kept: AckedRange[] = [];
    const lostPieces: Array<[number, number]> = [];
    if (present === null) lostPieces.push([range.fromOffset, range.toOffset]);
    else {
      if (present[0] > range.fromOffset) lostPieces.push([range.fromOffset, present[0]]);
      if (present[1] < range.toOffset) lostPieces.push([present[1], range.toOffset]);
      kept.push({ leaderEpoch: range.leaderEpoch, fromOffset: present[0], toOffset: present[1] });
    }
    for (const [fromOffset, toOffset] of lostPieces) {
      const records = toOffset - fromOffset;
      this.#countLost(atUs, records);
      this.losses.push({
        atUs,
        partition,
        leaderEpoch: range.leaderEpoch,
        fromOffset,
        toOffset,
        records,
        newLeader: leader.broker,
      });
    }
    return kept;
  }

  #ranges(partition: string): AckedRange[] {
    let ranges = this.#acked.get(partition);
    if (ranges === undefined) {
      ranges = [];
      this.#acked.set(partition, ranges);
    }
    return ranges;
  }
}

/** The offsets of `range` that the leader holds with the same epoch, or null. */
function presentRange(range: AckedRange, leader: LeaderView): [number, number] | null {
  const index = leader.epochs.findIndex(([epoch]) => epoch === range.leaderEpoch);
  if (index < 0) return null;
  const start = (leader.epochs[index] as [number, number])[1];
  const next = leader.epochs[index + 1];
  const end = Math.min(next === undefined ? Infinity : next[1], leader.logEndOffset);
  const from = Math.max(range.fromOffset, start);
  const to = Math.min(range.toOffset, end);
  return from < to ? [from, to] : null;
}

/** Inserts keeping ranges sorted by (epoch, offset) and merging touching ones of one epoch. */
function insertRange(ranges: AckedRange[], range: AckedRange): void {
  let index = ranges.length;
  while (index > 0) {
    const before = ranges[index - 1] as AckedRange;
    if (before.leaderEpoch < range.leaderEpoch) break;
    if (before.leaderEpoch === range.leaderEpoch && before.fromOffset <= range.fromOffset) break;
    index--;
  }
  ranges.splice(index, 0, { ...range });
  const merged = ranges[index] as AckedRange;
  const previous = ranges[index - 1];
  if (
    previous !== undefined &&
    previous.leaderEpoch === merged.leaderEpoch &&
    previous.toOffset >= merged.fromOffset
  ) {
    previous.toOffset = Math.max(previous.toOffset, merged.toOffset);
    ranges.splice(index, 1);
    index--;
  }
  const current = ranges[index] as AckedRange;
  const next = ranges[index + 1];
  if (
    next !== undefined &&
    next.leaderEpoch === current.leaderEpoch &&
    current.toOffset >= next.fromOffset
  ) {
    current.toOffset = Math.max(current.toOffset, next.toOffset);
    ranges.splice(index + 1, 1);
  }
}
