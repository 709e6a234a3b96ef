// Small figures helpers shared by the benchmarks: order statistics and a plain-text table.
'use strict';

/** Median, p95 (nearest rank), min and max of `values` (milliseconds or bytes). */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), min: sorted[0], max: sorted.at(-1) };
}

/** `a / b` with two decimals, or null when `b` is 0. */
function ratio(a, b) {
  return b ? Math.round((a / b) * 100) / 100 : null;
}

/** Rows of cells as a Markdown table (readable as is in a terminal). */
function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

module.exports = { stats, ratio, table };
