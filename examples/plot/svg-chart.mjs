// The drawing for render-license-plot.mjs: two panels in the layout of the Grafana dashboard
// (examples/grafana), as plain SVG in an HTML page: seats used vs available over the run, and
// days to expiry with the alerting rules' 7- and 30-day marks.
const COLORS = { 'jira-software': '#3274d9', 'jira-servicedesk': '#e0752d', 'jira-core': '#56a64b' };
const esc = (t) => String(t).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function seatsPanel(series, seconds) {
  const w = 620, h = 330, left = 48, top = 40, right = 16, bottom = 40;
  const maxY = Math.ceil((Math.max(...series.flatMap((s) => s.points.map((p) => p[1]))) + 5) / 10) * 10;
  const x = (t) => left + (t / seconds) * (w - left - right);
  const y = (v) => top + (1 - v / maxY) * (h - top - bottom);
  const grid = Array.from({ length: maxY / 10 + 1 }, (_, i) => i * 10).map((v) => `<line x1="${left}" x2="${w - right}" y1="${y(v)}" y2="${y(v)}" stroke="#2c3235"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`).join('');
  const ticks = Array.from({ length: seconds / 10 + 1 }, (_, i) => i * 10).map((t) => `<text x="${x(t)}" y="${h - bottom + 16}" text-anchor="middle">${t} s</text>`).join('');
  const lines = series.map((s) => {
    const seats = s.labels.__name__ === 'jira_license_seats';
    const d = s.points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    return `<path d="${d}" fill="none" stroke="${COLORS[s.labels.application] ?? '#aaa'}" stroke-width="2.5" ${seats ? 'stroke-dasharray="8 6"' : ''}/>`;
  }).join('');
  const keys = [...new Set(series.map((s) => s.labels.application))];
  const key = keys.map((app, i) => `<g transform="translate(${left + i * 280},${top - 14})"><line x1="0" x2="22" y1="-4" y2="-4" stroke="${COLORS[app]}" stroke-width="2.5"/><text x="28" y="0">${esc(app)} used</text><line x1="175" x2="197" y1="-4" y2="-4" stroke="${COLORS[app]}" stroke-width="2.5" stroke-dasharray="8 6"/><text x="203" y="0">seats</text></g>`).join('');
  return `<svg width="${w}" height="${h}">${grid}${ticks}${lines}${key}</svg>`;
}

/** Bars of { app, kind, value }: the last value of each days-to-expiry series. */
function daysPanel(bars) {
  const w = 380, h = 330, left = 130, top = 40, right = 60;
  // Up to 60 days to scale, so the 7- and 30-day marks stay readable; a longer bar is cut (and says so).
  const max = 60;
  const x = (v) => left + (Math.max(0, Math.min(v, max)) / max) * (w - left - right);
  const rows = bars.map((b, i) => {
    const y0 = top + 10 + i * 56;
    const color = b.value < 7 ? '#f2495c' : b.value < 30 ? '#ff9830' : '#73bf69';
    return `<text x="${left - 8}" y="${y0 + 12}" text-anchor="end">${esc(b.app)}</text><text x="${left - 8}" y="${y0 + 28}" text-anchor="end" class="dim">${esc(b.kind)}</text><rect x="${left}" y="${y0}" width="${x(b.value) - left}" height="30" fill="${color}"/><text x="${x(b.value) + 6}" y="${y0 + 20}">${b.value.toFixed(0)} d${b.value > max ? ' ›' : ''}</text>`;
  }).join('');
  const marks = [7, 30].map((d) => `<line x1="${x(d)}" x2="${x(d)}" y1="${top}" y2="${h - 30}" stroke="#ccccdc" stroke-dasharray="3 3"/><text x="${x(d)}" y="${h - 14}" text-anchor="middle" class="dim">${d} d</text>`).join('');
  return `<svg width="${w}" height="${h}">${marks}${rows}</svg>`;
}

/** The page: both panels and a caption saying what this is and is not. */
export function chart({ seats, days, seconds, prometheus }) {
  const bars = [...days.license.map((s) => ({ s, kind: 'license' })), ...days.maintenance.map((s) => ({ s, kind: 'maintenance' }))]
    .map(({ s, kind }) => ({ app: s.labels.application, kind, value: s.points.at(-1)?.[1] ?? 0 }));
  return `<!doctype html><html><head><style>
body { margin: 0; background: #111217; color: #ccccdc; font: 13px Inter, "DejaVu Sans", sans-serif; }
.panels { display: flex; gap: 16px; padding: 16px; }
.panel { background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; padding: 8px 12px; }
h2 { font-size: 14px; font-weight: 500; margin: 2px 0 4px; }
svg text { fill: #ccccdc; font-size: 12px; } svg text.dim { fill: #8e8e8e; }
p { margin: 0 16px; color: #8e8e8e; font-size: 12px; }
</style></head><body><div class="panels">
<div class="panel"><h2>Seats used vs available</h2>${seatsPanel(seats, seconds)}</div>
<div class="panel"><h2>Days to expiry</h2>${daysPanel(bars)}</div>
</div><p>Real data, drawn by jirakit (examples/plot), not Grafana: ${esc(prometheus)} over a ${seconds} s run of jirakit exporter against jirakit's simulator while its seats changed.</p></body></html>`;
}
