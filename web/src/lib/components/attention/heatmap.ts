// Drawing an attention map: white (0) to dark blue (1) cells on a canvas, and the same picture
// as SVG text with token labels for export. Shared by the grid thumbnails and the large map.

export function shade(p: number): string {
  const v = Math.round(255 * (1 - Math.min(1, Math.max(0, p))));
  return `rgb(${v}, ${Math.round(v * 0.9 + 25)}, 255)`;
}

export function drawHeatmap(canvas: HTMLCanvasElement, map: number[], T: number, size: number, offset = 0): void {
  const ctx = canvas.getContext('2d')!;
  const cell = size / T;
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      ctx.fillStyle = shade(map[i * T + j]!);
      ctx.fillRect(offset + j * cell, offset + i * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const label = (t: string) => JSON.stringify(t).slice(1, -1);

/** A standalone SVG of one head's map with query labels on the left and key labels on top. */
export function heatmapSvg(map: number[], tokens: string[], title: string): string {
  const T = tokens.length;
  const cell = 18;
  const margin = 90;
  const size = margin + T * cell;
  const cells: string[] = [];
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      cells.push(`<rect x="${margin + j * cell}" y="${margin + i * cell}" width="${cell}" height="${cell}" fill="${shade(map[i * T + j]!)}"><title>${esc(label(tokens[i]!))} → ${esc(label(tokens[j]!))}: ${map[i * T + j]!.toFixed(3)}</title></rect>`);
    }
  }
  const rows = tokens.map((t, i) => `<text x="${margin - 4}" y="${margin + i * cell + 13}" text-anchor="end">${esc(label(t))}</text>`);
  const cols = tokens.map((t, j) => `<text transform="translate(${margin + j * cell + 13}, ${margin - 4}) rotate(-60)">${esc(label(t))}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 20}" font-family="sans-serif" font-size="11"><text x="4" y="14" font-size="13">${esc(title)}</text>${cells.join('')}${rows.join('')}${cols.join('')}</svg>`;
}

export function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}
