/**
 * Series keyframes from CSV: a header row of column names (the first must be `step`), then
 * one row per keyframe. Empty cells mean "not given here" (interpolated). Comment lines start
 * with `#`. Every problem names the file, line and column, so a 2 000-line file can be fixed.
 *
 * @example
 *   step,baseFeeGwei,weETH.rate
 *   0,8,1.0420
 *   24,,1.0421
 */
import type { SeriesRow } from './scenario-schema.ts';

export interface CsvRow {
  readonly row: SeriesRow;
  /** 1-based line in the file. */
  readonly line: number;
}

export interface CsvProblem {
  readonly path: string;
  readonly message: string;
}

/** Parses CSV text into keyframe rows; problems are returned, not thrown, to list them all. */
export function parseSeriesCsv(text: string, file: string): { rows: CsvRow[]; columns: string[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const rows: CsvRow[] = [];
  const lines = text.split(/\r?\n/);
  let columns: string[] | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const cells = text.split(',').map((c) => c.trim());
    if (columns === undefined) {
      columns = cells;
      if (cells[0] !== 'step') problems.push({ path: `${file}:${line}:1`, message: `first column must be "step", got "${cells[0] ?? ''}"` });
      const seen = new Set<string>();
      cells.forEach((c, j) => {
        if (c === '') problems.push({ path: `${file}:${line}:${j + 1}`, message: 'empty column name' });
        if (seen.has(c)) problems.push({ path: `${file}:${line}:${j + 1}`, message: `duplicate column "${c}"` });
        seen.add(c);
      });
      return;
    }
    if (cells.length !== columns.length) {
      problems.push({ path: `${file}:${line}`, message: `${cells.length} cells, header has ${columns.length}` });
      return;
    }
    const row: Record<string, number | null> = {};
    cells.forEach((cell, j) => {
      const column = columns?.[j] ?? '';
      if (cell === '') {
        row[column] = null;
        return;
      }
      const value = Number(cell);
      if (!Number.isFinite(value)) {
        problems.push({ path: `${file}:${line}:${j + 1} (${column})`, message: `not a number: "${cell.slice(0, 20)}"` });
        return;
      }
      row[column] = value;
    });
    rows.push({ row, line });
  });
  if (columns === undefined) problems.push({ path: file, message: 'no header row' });
  return { rows, columns: columns ?? [], problems };
}
