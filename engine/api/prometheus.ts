// Prometheus text exposition (format 0.0.4) of the engine's figures.
//
// What it does: renders one snapshot of gauges and counters, each with its
// HELP and TYPE lines, label values escaped as the format requires
// (backslash, double quote, newline). Pure: the server gathers the snapshot,
// this file only formats it.
//
// Metric names: `hotline_` prefix, base units in the name (`_seconds`,
// `_ms` where the engine's own figure is in ms and converting would lose the
// link to logs), `_total` for counters.

/** One metric family. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: { labels?: Record<string, string | number>; value: number }[];
}

function escapeLabel(v: string | number): string {
  return String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** The exposition text of the families, in order. */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = s.labels ? Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`) : [];
      lines.push(`${f.name}${labels.length ? `{${labels.join(',')}}` : ''} ${formatValue(s.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
