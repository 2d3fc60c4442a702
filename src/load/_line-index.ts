import type { Position } from './types.js';

/** Offset -> 1-based line and column. Built on first use; columns count UTF-16 code units. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Offsets where each line starts (index 0 is line 1). */
  lineStarts(): number[] {
    if (this.starts === undefined) {
      const starts = [0];
      const text = this.text;
      for (let offset = text.indexOf('\n'); offset !== -1; offset = text.indexOf('\n', offset + 1)) {
        starts.push(offset + 1);
      }
      this.starts = starts;
    }
    return this.starts;
  }

  position(offset: number): Position {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  }
}
