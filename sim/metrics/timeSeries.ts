/**
 * Time series sampled on a fixed virtual-time step, stored as columns: one number array per
 * series, all of the same length as the time column. Columns are added in a fixed order (the order
 * of `define`), so the serialised trace has a stable key order.
 */
export class TimeSeriesTable {
  readonly stepUs: number;
  readonly timeUs: number[] = [];
  readonly #columns = new Map<string, number[]>();
  readonly #samplesMax: number;

  constructor(stepUs: number, samplesMax: number) {
    this.stepUs = stepUs;
    this.#samplesMax = samplesMax;
  }

  get length(): number {
    return this.timeUs.length;
  }

  get names(): string[] {
    return [...this.#columns.keys()];
  }

  define(name: string): number[] {
    const existing = this.#columns.get(name);
    if (existing !== undefined) return existing;
    // A column defined late is padded so every column lines up with the time column.
    const column = new Array<number>(this.timeUs.length).fill(0);
    this.#columns.set(name, column);
    return column;
  }

  /** Starts a new row at `atUs`; values for it are then set with `set`. */
  addRow(atUs: number): boolean {
    if (this.timeUs.length >= this.#samplesMax) return false;
    this.timeUs.push(atUs);
    for (const column of this.#columns.values()) column.push(0);
    return true;
  }

  set(name: string, value: number): void {
    const column = this.define(name);
    column[column.length - 1] = value;
  }

  column(name: string): number[] | undefined {
    return this.#columns.get(name);
  }

  toJSON(): { stepUs: number; timeUs: number[]; columns: Record<string, number[]> } {
    const columns: Record<string, number[]> = {};
    for (const [name, values] of this.#columns) columns[name] = values;
    return { stepUs: this.stepUs, timeUs: this.timeUs, columns };
  }
}
