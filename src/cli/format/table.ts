/**
 * Plain-text tables for terminal output: columns padded to their widest cell, numbers right
 * aligned. No colours or box drawing, so output pastes cleanly into tickets and chats.
 */

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/**
 * @example renderTable([{ header: 'id' }, { header: 'bps', align: 'right' }], [['weETH', '4000']])
 *   // 'id     bps\nweETH 4000'
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return c.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}

/** Wei as ETH with `digits` decimals, exact (no float), rounded toward zero. */
export function formatEth(wei: bigint, digits = 4): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const unit = 10n ** 18n;
  const scale = 10n ** BigInt(digits);
  const scaled = (abs * scale) / unit;
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${frac}` : ''}`;
}

/** bps as a percentage with two decimals: 4567 → '45.67%'. */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** A yearly fraction as a percentage: 0.0321 → '3.21%'. */
export function formatPct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

/** Shortens an address or hash for a table cell: 0x1234…abcd. */
export function shortHex(hex: string): string {
  return hex.length > 12 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex;
}
