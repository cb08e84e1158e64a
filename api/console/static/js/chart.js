// The lag chart: one line per read model, drawn as inline SVG from the samples polled.

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2'];

function svg(tag, attrs = {}, text = null) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== null) el.textContent = text;
  return el;
}

// samples: [{at: ms, lags: {name: events}}], oldest first; windowMs: the span shown.
export function lagChart(samples, names, windowMs, now = Date.now()) {
  const width = 720;
  const height = 200;
  const pad = { left: 56, right: 12, top: 12, bottom: 28 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const peak = Math.max(10, ...samples.flatMap((s) => Object.values(s.lags)));
  const top = Math.ceil(peak * 1.1);
  const x = (at) => pad.left + plotW * (1 - Math.min(1, (now - at) / windowMs));
  const y = (lag) => pad.top + plotH * (1 - lag / top);

  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, class: 'lag-chart', role: 'img',
    'aria-label': 'Lag in events of each read model over the last minutes',
  });
  root.append(svg('rect', { x: pad.left, y: pad.top, width: plotW, height: plotH, class: 'plot' }));
  for (const fraction of [0, 0.5, 1]) {
    const value = Math.round(top * fraction);
    root.append(svg('line', { x1: pad.left, x2: pad.left + plotW, y1: y(value), y2: y(value), class: 'grid' }));
    root.append(svg('text', { x: pad.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' }, value.toLocaleString('en-US')));
  }
  const minutes = Math.round(windowMs / 60000);
  root.append(svg('text', { x: pad.left, y: height - 8, class: 'axis' }, `−${minutes} min`));
  root.append(svg('text', { x: pad.left + plotW, y: height - 8, 'text-anchor': 'end', class: 'axis' }, 'now'));
  root.append(svg('text', { x: 12, y: pad.top + plotH / 2, class: 'axis', transform: `rotate(-90 12 ${pad.top + plotH / 2})`, 'text-anchor': 'middle' }, 'events behind'));

  names.forEach((name, index) => {
    const points = samples
      .filter((s) => name in s.lags)
      .map((s) => `${x(s.at).toFixed(1)},${y(s.lags[name]).toFixed(1)}`);
    if (points.length === 0) return;
    const colour = COLOURS[index % COLOURS.length];
    root.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: colour, 'stroke-width': 2, 'data-name': name }));
    const legendX = pad.left + 8 + index * 130;
    root.append(svg('rect', { x: legendX, y: pad.top + 6, width: 10, height: 10, fill: colour }));
    root.append(svg('text', { x: legendX + 14, y: pad.top + 15, class: 'legend' }, name));
  });
  return root;
}
