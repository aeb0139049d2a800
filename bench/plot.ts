/** A small line chart as SVG (log-scale x), for the curves in docs/BENCHMARKS.md. */
export interface Series {
  readonly label: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[]): string {
  const width = 640;
  const height = 360;
  const margin = { left: 70, right: 20, top: 40, bottom: 50 };
  const xs = series.flatMap((s) => s.points.map(([x]) => Math.log10(x)));
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const yMax = Math.max(...ys) * 1.1 || 1;
  const px = (x: number) =>
    margin.left + ((Math.log10(x) - xMin) / (xMax - xMin || 1)) * (width - margin.left - margin.right);
  const py = (y: number) => height - margin.bottom - (y / yMax) * (height - margin.top - margin.bottom);
  const ticks = series[0]?.points.map(([x]) => x) ?? [];
  const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<title>${xmlText(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${xmlText(title)}</text>`,
    `<line x1="${margin.left}" y1="${height - margin.bottom}" x2="${width - margin.right}" y2="${height - margin.bottom}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${height - margin.bottom}" stroke="black"/>`,
    ...ticks.map(
      (x) =>
        `<text x="${px(x)}" y="${height - margin.bottom + 16}" text-anchor="middle">${x.toLocaleString("en")}</text>`,
    ),
    ...[0, 0.25, 0.5, 0.75, 1].map(
      (f) =>
        `<text x="${margin.left - 6}" y="${py(yMax * f) + 4}" text-anchor="end">${(yMax * f).toFixed(yMax < 10 ? 1 : 0)}</text>`,
    ),
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle">${xmlText(xLabel)}</text>`,
    `<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">${xmlText(yLabel)}</text>`,
    ...series.flatMap((s, i) => {
      const color = COLORS[i % COLORS.length];
      const path = s.points
        .map(([x, y], j) => `${j ? "L" : "M"}${px(x).toFixed(1)},${py(y).toFixed(1)}`)
        .join(" ");
      return [
        `<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`,
        ...s.points.map(([x, y]) => `<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${color}"/>`),
        `<text x="${width - margin.right - 4}" y="${margin.top + 14 * (i + 1)}" text-anchor="end" fill="${color}">${xmlText(s.label)}</text>`,
      ];
    }),
    "</svg>",
  ];
  return `${parts.join("\n")}\n`;
}
