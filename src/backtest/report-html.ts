/**
 * The backtest report: one self-contained HTML file (no network, no scripts from elsewhere)
 * with inline SVG charts: value of every run against the bound, the strategy's allocation
 * over time, the yields and DEX discounts the market offered, events marked on each chart,
 * and the metrics table. A small inline script exports any chart as PNG.
 */
import type { BacktestResult } from './run.ts';
import { describeCounts } from './findings.ts';
import { formatTable, reasonLine } from './format.ts';
import { SECONDS_PER_YEAR } from '../domain/units.ts';

const W = 900;
const H = 260;
const PAD = { l: 60, r: 150, t: 20, b: 30 };
// Set on each <svg> itself: the PNG export draws the SVG as a standalone image, which does not
// inherit the page's CSS, so without it the PNG falls back to a serif font.
const FONT = 'system-ui, sans-serif';
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

interface Line {
  readonly name: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly dashed?: boolean;
}

/** @example writeFileSync('out.html', renderReport(result)) */
export function renderReport(r: BacktestResult): string {
  const from = r.scenario.warmupSteps;
  const market = r.market.slice(from);
  const t0 = market[0]?.timestamp ?? 0;
  const day = (t: number): number => (t - t0) / 86_400;
  const events = r.scenario.events.filter((e) => e.step >= from).map((e) => ({ x: day(t0 + (e.step - from) * r.scenario.stepSeconds), label: e.kind }));

  const value = lineChart(
    'value',
    'Value (ETH, LRTs marked at the lower of rate and DEX price)',
    [
      ...r.runs.map(({ run }) => ({ name: run.label, xs: run.series.map((p) => day(p.timestamp)), ys: run.series.map((p) => p.navEth) })),
      { name: 'upper bound', xs: r.bound.series.map((p) => day(p.timestamp)), ys: r.bound.series.map((p) => p.navEth), dashed: true },
    ],
    events,
  );
  const strategy = r.runs[0]?.run;
  const alloc = strategy ? stackChart('allocation', 'Strategy allocation (bps of the vault)', strategy.series.map((p) => day(p.timestamp)), [
    ...r.positionIds.map((id) => ({ name: id, ys: strategy.series.map((p) => p.weights[id] ?? 0) })),
    { name: 'pending', ys: strategy.series.map((p) => p.pendingBps) },
    { name: 'idle', ys: strategy.series.map((p) => p.idleBps) },
  ], events) : '';
  const symbols = Object.keys(market[0]?.lrt ?? {});
  const perDay = Math.max(1, Math.round(86_400 / r.scenario.stepSeconds));
  const yields: Line[] = symbols.map((sym) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = perDay; i < market.length; i++) {
      const a = market[i - perDay]?.lrt[sym]?.rate ?? 1;
      const b = market[i]?.lrt[sym]?.rate ?? 1;
      xs.push(day(market[i]?.timestamp ?? 0));
      ys.push((Math.pow(b / a, SECONDS_PER_YEAR / (perDay * r.scenario.stepSeconds)) - 1) * 100);
    }
    return { name: `${sym} APY %`, xs, ys };
  });
  for (const avs of Object.keys(market[0]?.avsAprBps ?? {})) {
    yields.push({ name: `${avs} APR %`, xs: market.map((m) => day(m.timestamp)), ys: market.map((m) => (m.avsAprBps[avs] ?? 0) / 100), dashed: true });
  }
  const yieldChart = lineChart('yields', 'Yields offered (trailing 1-day LRT APY, AVS reward APR), %', yields, events);
  const discounts = lineChart(
    'market',
    'DEX discount to the protocol rate (bps) and base fee (gwei)',
    [
      ...symbols.map((sym) => ({ name: `${sym} discount`, xs: market.map((m) => day(m.timestamp)), ys: market.map((m) => m.lrt[sym]?.dexDiscountBps ?? 0) })),
      { name: 'base fee gwei', xs: market.map((m) => day(m.timestamp)), ys: market.map((m) => m.baseFeeGwei), dashed: true },
    ],
    events,
  );
  const sources = r.scenario.sources.map((s) => `<li>${esc(s)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Backtest ${esc(r.scenario.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:1000px;color:#222}pre{background:#f6f6f6;padding:12px;overflow-x:auto;font-size:12px}
figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:4px}svg{background:#fff;border:1px solid #ddd}button{margin-left:8px;font-size:11px}</style></head>
<body>
<h1>Backtest: ${esc(r.scenario.name)}</h1>
<p>${esc(r.scenario.description)}</p>
<p>Acceptance: <strong data-testid="acceptance">${r.acceptance.passed ? 'PASSED' : 'FAILED'}</strong></p>
<pre>${esc(formatTable(r))}</pre>
${value}
${alloc}
${yieldChart}
${discounts}
<h2>Why: refusals and clamps</h2>
${whyTable(r)}
<h2>Sources</h2><ul>${sources}</ul>
<script>
function exportPng(id){const svg=document.getElementById(id);const data=new XMLSerializer().serializeToString(svg);
const img=new Image();img.onload=function(){const c=document.createElement('canvas');c.width=svg.width.baseVal.value;c.height=svg.height.baseVal.value;
const g=c.getContext('2d');g.fillStyle='#fff';g.fillRect(0,0,c.width,c.height);g.drawImage(img,0,0);const a=document.createElement('a');a.download=id+'.png';a.href=c.toDataURL('image/png');a.click();};
img.src='data:image/svg+xml;charset=utf-8,'+encodeURIComponent(data);}
</script>
</body></html>
`;
}

/** Per run: steps with refusals and clamps by code, then the top reasons with an example message. */
function whyTable(r: BacktestResult): string {
  const rows = r.runs.map(({ run }) => {
    const reasons = run.findings.topReasons.map((x) => `<li>${esc(reasonLine(x))}</li>`).join('');
    return `<tr><td>${esc(run.label)}</td><td>${esc(describeCounts(run.findings))}</td><td>${reasons === '' ? '-' : `<ul>${reasons}</ul>`}</td></tr>`;
  });
  return `<table class="why" border="1" cellpadding="4" style="border-collapse:collapse;font-size:12px"><tr><th>run</th><th>by code</th><th>top reasons</th></tr>${rows.join('')}</table>`;
}

function frame(id: string, title: string, body: string, legend: readonly { name: string; color: string; dashed?: boolean }[], x: (v: number) => number, xMax: number, yLo: number, yHi: number, y: (v: number) => number, events: readonly { x: number; label: string }[]): string {
  const ticks = [yLo, (yLo + yHi) / 2, yHi].map((v) => `<text x="${PAD.l - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${fmt(v)}</text><line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`).join('');
  const xt = [0, xMax / 2, xMax].map((v) => `<text x="${x(v)}" y="${H - 10}" text-anchor="middle" font-size="10">day ${v.toFixed(1)}</text>`).join('');
  const ev = events.map((e) => `<line class="event" x1="${x(e.x)}" x2="${x(e.x)}" y1="${PAD.t}" y2="${H - PAD.b}" stroke="#c00" stroke-dasharray="3,3"/><text x="${x(e.x) + 3}" y="${PAD.t + 10}" font-size="10" fill="#c00">${esc(e.label)}</text>`).join('');
  const leg = legend.map((l, i) => `<line x1="${W - PAD.r + 10}" x2="${W - PAD.r + 30}" y1="${PAD.t + 12 + i * 16}" y2="${PAD.t + 12 + i * 16}" stroke="${l.color}" stroke-width="3"${l.dashed ? ' stroke-dasharray="5,3"' : ''}/><text x="${W - PAD.r + 35}" y="${PAD.t + 16 + i * 16}" font-size="11">${esc(l.name)}</text>`).join('');
  return `<figure><figcaption>${esc(title)}<button onclick="exportPng('${id}')">PNG</button></figcaption>
<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}">${ticks}${xt}${body}${ev}${leg}</svg></figure>`;
}

function scales(xMax: number, yLo: number, yHi: number): { x: (v: number) => number; y: (v: number) => number } {
  const span = yHi - yLo || 1;
  return { x: (v) => PAD.l + (v / (xMax || 1)) * (W - PAD.l - PAD.r), y: (v) => H - PAD.b - ((v - yLo) / span) * (H - PAD.t - PAD.b) };
}

function lineChart(id: string, title: string, lines: readonly Line[], events: readonly { x: number; label: string }[]): string {
  const all = lines.flatMap((l) => l.ys).filter(Number.isFinite);
  const xMax = Math.max(0, ...lines.flatMap((l) => l.xs));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.01 || 1;
  const { x, y } = scales(xMax, lo - pad, hi + pad);
  const body = lines.map((l, i) => `<polyline class="series" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5"${l.dashed ? ' stroke-dasharray="5,3"' : ''} points="${l.xs.map((v, j) => `${x(v).toFixed(1)},${y(l.ys[j] ?? 0).toFixed(1)}`).join(' ')}"/>`).join('');
  return frame(id, title, body, lines.map((l, i) => ({ name: l.name, color: COLORS[i % COLORS.length] as string, ...(l.dashed ? { dashed: true } : {}) })), x, xMax, lo - pad, hi + pad, y, events);
}

function stackChart(id: string, title: string, xs: readonly number[], layers: readonly { name: string; ys: readonly number[] }[], events: readonly { x: number; label: string }[]): string {
  const xMax = Math.max(0, ...xs);
  const { x, y } = scales(xMax, 0, 10_000);
  const base = xs.map(() => 0);
  const body = layers.map((layer, i) => {
    const lower = [...base];
    layer.ys.forEach((v, j) => (base[j] = (base[j] ?? 0) + v));
    const top = xs.map((v, j) => `${x(v).toFixed(1)},${y(base[j] ?? 0).toFixed(1)}`);
    const bottom = xs.map((v, j) => `${x(v).toFixed(1)},${y(lower[j] ?? 0).toFixed(1)}`).reverse();
    return `<polygon class="series" fill="${COLORS[i % COLORS.length]}" fill-opacity="0.7" points="${[...top, ...bottom].join(' ')}"/>`;
  }).join('');
  return frame(id, title, body, layers.map((l, i) => ({ name: l.name, color: COLORS[i % COLORS.length] as string })), x, xMax, 0, 10_000, y, events);
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
