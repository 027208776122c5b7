/**
 * The vault page: one self-contained HTML document (no external scripts, fonts or styles, so
 * it works on a host without internet) that fetches `<page>/data.json` and redraws every
 * 10 seconds (`?refresh=<ms>`, at least 1000, to change it). Every text goes in through `textContent`, never as HTML, since decision reasons
 * and position names come from the keeper's state.
 */

export const VAULT_PAGE_REFRESH_MS = 10_000;

/** @example res.type('html').send(vaultPageHtml()) */
export function vaultPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>restake-keeper vaults</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1c2430; background: #f6f7f9; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; }
  .meta { color: #5b6575; margin-bottom: 1rem; font-size: .9rem; }
  .vault { background: #fff; border: 1px solid #d9dde3; border-radius: 8px; padding: 1rem 1.2rem; margin-bottom: 1.2rem; }
  .vault h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
  .state { font-size: .8rem; padding: .1rem .5rem; border-radius: 4px; margin-left: .5rem; }
  .state.ACTIVE { background: #dff3e4; color: #17662f; } .state.PAUSED { background: #fde2e1; color: #9b1c1c; }
  .kpis { display: flex; flex-wrap: wrap; gap: 1.4rem; margin-bottom: .8rem; }
  .kpi .label { color: #5b6575; font-size: .75rem; text-transform: uppercase; } .kpi .value { font-size: 1.1rem; font-variant-numeric: tabular-nums; }
  table { border-collapse: collapse; margin: .3rem 0 .8rem; font-size: .88rem; }
  th, td { text-align: left; padding: .2rem .7rem .2rem 0; border-bottom: 1px solid #eceef1; vertical-align: top; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .bar { display: inline-block; height: .6rem; background: #4c78a8; vertical-align: middle; } .bar.target { background: #f58518; }
  h3 { font-size: .9rem; margin: .6rem 0 .2rem; color: #39424e; }
  svg.chart { background: #fbfcfd; border: 1px solid #eceef1; }
  .empty { color: #8a93a1; font-size: .85rem; }
  .fees { font-size: .88rem; margin: -.4rem 0 .8rem; } .fees .note { color: #5b6575; }
  .error { color: #9b1c1c; }
</style>
</head>
<body>
<h1>restake-keeper: vaults</h1>
<div class="meta" id="meta">loading…</div>
<div id="vaults"></div>
<script>
const REFRESH_MS = Math.max(1000, Number(new URLSearchParams(location.search).get('refresh')) || ${VAULT_PAGE_REFRESH_MS});
function el(tag, attrs, ...children) {
  const node = tag === 'svg' || tag === 'polyline' || tag === 'text' || tag === 'line' ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}
function table(headers, rows, numeric) {
  if (rows.length === 0) return el('div', { class: 'empty' }, 'none');
  const head = el('tr', {}, ...headers.map((h) => el('th', {}, h)));
  const body = rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', numeric && numeric.includes(i) ? { class: 'num' } : {}, c))));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}
function kpi(label, value, key) {
  return el('div', { class: 'kpi' }, el('div', { class: 'label' }, label), el('div', { class: 'value', 'data-kpi': key }, value));
}
function chart(points) {
  const w = 720, h = 200, pad = 44;
  const svg = el('svg', { class: 'chart', width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, 'data-points': points.length });
  if (points.length < 2) { svg.append(el('text', { x: pad, y: h / 2, fill: '#8a93a1' }, 'share price history starts with the keeper\\'s first samples')); return svg; }
  const t0 = points[0].t, t1 = points[points.length - 1].t;
  let lo = Math.min(...points.map((p) => p.price)), hi = Math.max(...points.map((p) => p.price));
  if (hi === lo) { hi += 1e-6; lo -= 1e-6; }
  const x = (t) => pad + ((t - t0) / Math.max(1, t1 - t0)) * (w - 2 * pad);
  const y = (p) => h - pad / 2 - ((p - lo) / (hi - lo)) * (h - pad);
  svg.append(el('line', { x1: pad, y1: h - pad / 2, x2: w - pad, y2: h - pad / 2, stroke: '#c9ced6' }));
  svg.append(el('polyline', { fill: 'none', stroke: '#4c78a8', 'stroke-width': 2, points: points.map((p) => x(p.t).toFixed(1) + ',' + y(p.price).toFixed(1)).join(' ') }));
  svg.append(el('text', { x: 2, y: y(hi) + 4, 'font-size': 10, fill: '#5b6575' }, hi.toFixed(4)));
  svg.append(el('text', { x: 2, y: y(lo) + 4, 'font-size': 10, fill: '#5b6575' }, lo.toFixed(4)));
  svg.append(el('text', { x: pad, y: h - 2, 'font-size': 10, fill: '#5b6575' }, new Date(t0 * 1000).toISOString().slice(0, 16).replace('T', ' ')));
  svg.append(el('text', { x: w - pad - 90, y: h - 2, 'font-size': 10, fill: '#5b6575' }, new Date(t1 * 1000).toISOString().slice(0, 16).replace('T', ' ')));
  return svg;
}
function fees(f) {
  if (!f) return el('div', { class: 'empty', 'data-fees': '' }, 'fees: not counted (no vault contract or no share-price sample yet)');
  return el('div', { class: 'fees', 'data-fees': '' },
    el('div', {}, 'fees: management ' + f.managementEth + ' ETH, performance ' + f.performanceEth + ' ETH; ' + f.range),
    ...(f.beforeFirstSample ? [el('div', { class: 'note' }, f.beforeFirstSample)] : []));
}
function bar(bps, cls) { return el('span', { class: 'bar ' + cls, style: 'width:' + Math.max(1, Math.round(bps / 50)) + 'px' }); }
function render(model) {
  document.getElementById('meta').textContent = 'chain ' + model.chainId + (model.block === null ? '' : ' at block ' + model.block) + ' · updated ' + new Date(model.generatedAt * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC · refreshes every ' + REFRESH_MS / 1000 + ' s';
  const root = document.getElementById('vaults');
  root.replaceChildren(...model.vaults.map((v) => el('section', { class: 'vault', 'data-vault': v.name },
    el('h2', {}, v.name + ' ', el('span', { class: 'state ' + v.state }, v.state), el('span', { class: 'meta' }, '  ' + v.backend + ' ' + v.address)),
    el('div', { class: 'kpis' },
      kpi('total assets', v.totalAssetsEth + ' ETH', 'totalAssets'), kpi('idle', v.idleEth + ' ETH', 'idle'), kpi('share price', v.sharePriceEth + ' ETH', 'sharePrice'),
      kpi('realised APY 1d', v.realisedApy['1d'], 'apy1d'), kpi('7d', v.realisedApy['7d'], 'apy7d'), kpi('30d', v.realisedApy['30d'], 'apy30d'),
      kpi('since inception', v.realisedApy.inception, 'apyInception'), kpi('expected APY', v.expectedApy, 'expectedApy'), kpi('gas paid', v.gasPaidEth + ' ETH', 'gasPaid'),
      kpi('fees taken', v.fees ? v.fees.totalEth + ' ETH' : 'n/a', 'feesTaken')),
    fees(v.fees),
    el('h3', {}, 'Share price (ETH per share)'), chart(v.chart),
    el('h3', {}, 'Allocation now vs target'),
    table(['position', 'value (ETH)', 'now', '', 'target', ''], v.allocation.map((a) => [a.position, a.valueEth, a.nowPct, bar(a.nowBps, 'now'), a.targetPct, bar(a.targetBps, 'target')]), [1, 2, 4]),
    el('h3', {}, 'Risk findings (last decision)'), table(['code', 'position', 'action', 'detail'], v.findings.map((f) => [f.code, f.position, f.action, f.message])),
    el('h3', {}, 'Open breakers'), table(['breaker', 'since block'], v.breakers.map((b) => [b.name, String(b.sinceBlock)]), [1]),
    el('h3', {}, 'Pending withdrawals'), table(['kind', 'position', 'ETH', 'due'], v.pendingWithdrawals.map((w) => [w.kind, w.position, w.eth, w.due]), [2]),
    el('h3', {}, 'Recent decisions'), table(['block', 'at (UTC)', 'decision', 'why'], v.decisions.map((d) => [d.block, d.at.replace('T', ' ').slice(0, 19), d.what, d.reason]), [0]))));
}
async function refresh() {
  try {
    const base = location.pathname.endsWith('/') ? location.pathname.slice(0, -1) : location.pathname;
    const res = await fetch(base + '/data.json', { credentials: 'same-origin' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    render(await res.json());
  } catch (err) {
    document.getElementById('meta').replaceChildren(el('span', { class: 'error' }, 'could not load the vault data: ' + err.message + ' (retrying)'));
  }
}
refresh();
setInterval(refresh, REFRESH_MS);
</script>
</body>
</html>
`;
}
