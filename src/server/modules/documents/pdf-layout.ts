import PDFDocument from 'pdfkit';
import type { PdfFont } from './pdf-font';

/** What every printed page carries: the title, who printed it and when (in the configured zone), the document's number. */
export interface PrintMeta {
  title: string;
  subtitle?: string;
  /** The record the document is about (run, box, placement, round): written on every page so a loose sheet can be traced. */
  number: string;
  printedBy: string;
  /** Local time text, already in the configured zone. */
  printedAt: string;
  /** Instant the PDF says it was made (the app's clock, so a document is reproducible). */
  createdAt: Date;
}

export interface Column {
  title: string;
  /** Share of the usable width. */
  width: number;
  align?: 'left' | 'center' | 'right';
  /** Never wrap (codes, masked numbers, times): as wide as its widest cell; the other columns share what is left. */
  fit?: boolean;
}

const MARGIN = 48;
const FOOTER = 28;
const CELL_PAD = 4;
const INK = '#000000';
const RULE = '#555555';

/**
 * One A4 document in the CJK font: a heading, field blocks, paragraphs, tables that continue over
 * pages with their header repeated, signature lines; every page footed with who printed it, when
 * and "第 i / n 页". Pages are buffered so the footer knows the page count.
 */
export class PrintedDoc {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(
    font: PdfFont,
    private readonly meta: PrintMeta,
    layout: 'portrait' | 'landscape' = 'portrait',
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout,
      bufferPages: true,
      margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
      info: { Title: meta.title, Creator: 'EpiGrid', Producer: 'EpiGrid', CreationDate: meta.createdAt },
    });
    this.doc.registerFont('cjk', font.path, font.face);
    this.doc.font('cjk').fillColor(INK);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.heading();
  }

  private get width(): number {
    return this.doc.page.width - MARGIN * 2;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private heading(): void {
    const d = this.doc;
    d.fontSize(18).text(this.meta.title, MARGIN, MARGIN, { width: this.width, align: 'center' });
    if (this.meta.subtitle) d.moveDown(0.2).fontSize(10.5).text(this.meta.subtitle, { width: this.width, align: 'center' });
    d.moveDown(0.8);
  }

  /** Leave room for `height` points, else continue on a new page. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.y = MARGIN;
    }
  }

  /** Label–value pairs, two to a line (one when `wide`). */
  fields(pairs: ReadonlyArray<readonly [string, string]>, wide = false): this {
    const d = this.doc.fontSize(10.5);
    const perLine = wide ? 1 : 2;
    const colWidth = this.width / perLine;
    for (let i = 0; i < pairs.length; i += perLine) {
      const line = pairs.slice(i, i + perLine);
      const h = Math.max(...line.map(([k, v]) => d.heightOfString(`${k}：${v}`, { width: colWidth - 8 })));
      this.ensure(h + 4);
      const y = d.y;
      line.forEach(([k, v], j) => d.text(`${k}：${v || '—'}`, MARGIN + j * colWidth, y, { width: colWidth - 8 }));
      d.x = MARGIN;
      d.y = y + h + 4;
    }
    d.moveDown(0.4);
    return this;
  }

  paragraph(text: string, opts: { size?: number; indent?: boolean } = {}): this {
    const d = this.doc.fontSize(opts.size ?? 11.5);
    const body = opts.indent ? `\u3000\u3000${text}` : text;
    this.ensure(d.heightOfString(body, { width: this.width, lineGap: 4 }));
    d.text(body, MARGIN, d.y, { width: this.width, lineGap: 4 });
    d.moveDown(0.5);
    return this;
  }

  /** A small bold-ish section title (the font has one weight: a size step and a rule under it). */
  section(title: string): this {
    const d = this.doc.fontSize(12.5);
    this.ensure(40);
    d.text(title, MARGIN, d.y, { width: this.width });
    d.moveTo(MARGIN, d.y + 1)
      .lineTo(MARGIN + this.width, d.y + 1)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    d.moveDown(0.4);
    return this;
  }

  /** A ruled table; rows that do not fit go on the next page under a repeated header. */
  table(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, size = 9.5): this {
    const d = this.doc.fontSize(size);
    const widths = this.columnWidths(columns, rows);
    const heightOf = (cells: readonly string[]) =>
      Math.max(...cells.map((c, i) => d.heightOfString(c || ' ', { width: (widths[i] ?? 0) - CELL_PAD * 2 }))) + CELL_PAD * 2;
    const draw = (cells: readonly string[], header: boolean) => {
      const h = heightOf(cells);
      const y = d.y;
      let x = MARGIN;
      if (header) d.rect(MARGIN, y, this.width, h).fillColor('#e8e8e8').fill().fillColor(INK);
      cells.forEach((c, i) => {
        const w = widths[i] ?? 0;
        d.rect(x, y, w, h).lineWidth(0.5).strokeColor(RULE).stroke();
        d.fillColor(INK).text(c, x + CELL_PAD, y + CELL_PAD, { width: w - CELL_PAD * 2, align: columns[i]?.align ?? 'left' });
        x += w;
      });
      d.x = MARGIN;
      d.y = y + h;
    };
    const titles = columns.map((c) => c.title);
    this.ensure(heightOf(titles) + (rows[0] ? heightOf(rows[0]) : 0));
    draw(titles, true);
    for (const r of rows) {
      if (d.y + heightOf(r) > this.bottom) {
        d.addPage();
        d.y = MARGIN;
        draw(titles, true);
      }
      draw(r, false);
    }
    d.moveDown(0.8);
    return this;
  }

  /** Fitted columns take their widest cell (at the current font size); the rest share the remainder by weight. */
  private columnWidths(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): number[] {
    const d = this.doc;
    const fitted = columns.map((c, i) => (c.fit ? Math.max(d.widthOfString(c.title), ...rows.map((r) => d.widthOfString(r[i] ?? ''))) + CELL_PAD * 2 + 1 : 0));
    const left = Math.max(0, this.width - fitted.reduce((s, w) => s + w, 0));
    const weight = columns.reduce((s, c) => s + (c.fit ? 0 : c.width), 0) || 1;
    return columns.map((c, i) => (c.fit ? (fitted[i] ?? 0) : (c.width / weight) * left));
  }

  /** Lines to sign on (签字), side by side. */
  signatures(labels: readonly string[]): this {
    const d = this.doc.fontSize(11);
    this.ensure(48);
    const y = d.y + 18;
    const w = this.width / labels.length;
    labels.forEach((l, i) => d.text(`${l}：________________`, MARGIN + i * w, y, { width: w - 8 }));
    d.x = MARGIN;
    d.y = y + 24;
    return this;
  }

  /** Right-aligned issuer and date block (落款). */
  issuer(lines: readonly string[]): this {
    const d = this.doc.fontSize(11.5);
    this.ensure(lines.length * 20 + 30);
    d.moveDown(1.5);
    for (const l of lines) d.text(l, MARGIN, d.y, { width: this.width, align: 'right' });
    return this;
  }

  /** Foot every page and finish: the PDF bytes. */
  async end(): Promise<Buffer> {
    const d = this.doc;
    const range = d.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      d.switchToPage(i);
      // Writing inside the bottom margin would start a new page: lift the margin while footing.
      const keep = d.page.margins.bottom;
      d.page.margins.bottom = 0;
      const y = d.page.height - MARGIN - 8;
      d.fontSize(8.5)
        .fillColor('#333333')
        .text(`${this.meta.number} · 打印：${this.meta.printedBy} ${this.meta.printedAt}`, MARGIN, y, { width: this.width * 0.75, lineBreak: false })
        .text(`第 ${i + 1} / ${range.count} 页`, MARGIN, y, { width: this.width, align: 'right', lineBreak: false });
      d.page.margins.bottom = keep;
    }
    d.end();
    return this.done;
  }
}
