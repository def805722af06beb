/**
 * ANSI SGR (colours, bold, …) → styled spans, and spans → HTML with every character of text escaped. Everything
 * else a terminal understands (cursor moves, erase, titles, hyperlinks' escape codes) is dropped; the text stays.
 * Pure: a line and the style at its start in, spans and the style at its end out.
 */

/** 0–255 is an xterm palette index; a string is an `#rrggbb` truecolour built here from checked numbers. */
export type AnsiColor = number | string;

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSpan {
  text: string;
  style: AnsiStyle;
}

export const PLAIN: AnsiStyle = Object.freeze({});

const ESC = '\x1b';
const CSI_8BIT = '\x9b';

/**
 * Parses one line (no '\n'). A '\r' starts the line over, as a terminal would for a progress bar, keeping the style.
 */
export function parseAnsiLine(line: string, start: AnsiStyle = PLAIN): { spans: AnsiSpan[]; end: AnsiStyle } {
  let style = start;
  let spans: AnsiSpan[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') spans.push({ text, style });
    text = '';
  };
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ESC || ch === CSI_8BIT) {
      const seq = readEscape(line, i);
      if (seq.sgr !== undefined) {
        const next = applySgr(style, seq.sgr);
        if (next !== style) {
          flush();
          style = next;
        }
      }
      i = seq.next;
      continue;
    }
    if (ch === '\r') {
      text = '';
      spans = [];
    } else if (ch === '\t' || ch >= ' ') {
      if (ch !== '\x7f' && !(ch >= '\x80' && ch < '\xa0')) text += ch;
    }
    i += 1;
  }
  flush();
  return { spans: mergeAdjacent(spans), end: style };
}

/** One escape sequence starting at `at`: where it ends, and its SGR parameters if it is one. */
function readEscape(line: string, at: number): { next: number; sgr?: string } {
  let i = at;
  if (line[i] === ESC) {
    const kind = line[i + 1];
    if (kind === undefined) return { next: i + 1 };
    if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') return { next: skipString(line, i + 2) };
    if (kind >= ' ' && kind <= '/') {
      // nF sequences such as ESC ( B (charset): intermediates, then one final byte.
      let j = i + 1;
      while (j < line.length && line[j]! >= ' ' && line[j]! <= '/') j += 1;
      return { next: Math.min(j + 1, line.length) };
    }
    if (kind !== '[') return { next: i + 2 };
    i += 2;
  } else {
    i += 1;
  }
  // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
  const paramsStart = i;
  while (i < line.length && line[i]! >= '0' && line[i]! <= '?') i += 1;
  const params = line.slice(paramsStart, i);
  while (i < line.length && line[i]! >= ' ' && line[i]! <= '/') i += 1;
  const final = line[i];
  if (final === undefined || final < '@' || final > '~') return { next: i };
  return final === 'm' && /^[0-9;:]*$/.test(params) ? { next: i + 1, sgr: params } : { next: i + 1 };
}

/** OSC/DCS/APC/PM strings end at BEL or ESC \ (or the end of the line). */
function skipString(line: string, from: number): number {
  for (let i = from; i < line.length; i += 1) {
    if (line[i] === '\x07') return i + 1;
    if (line[i] === ESC && line[i + 1] === '\\') return i + 2;
  }
  return line.length;
}

function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  let next: AnsiStyle = { ...style };
  for (let k = 0; k < codes.length; k += 1) {
    const code = codes[k]!;
    if (code === 0) next = {};
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4 || code === 21) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 22) next = without(next, 'bold', 'dim');
    else if (code === 23) next = without(next, 'italic');
    else if (code === 24) next = without(next, 'underline');
    else if (code === 27) next = without(next, 'inverse');
    else if (code === 29) next = without(next, 'strike');
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code === 39) next = without(next, 'fg');
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 49) next = without(next, 'bg');
    else if (code === 38 || code === 48) {
      const extended = readExtendedColor(codes, k + 1);
      k = extended.last;
      if (extended.color !== undefined) next[code === 38 ? 'fg' : 'bg'] = extended.color;
    }
  }
  return sameStyle(style, next) ? style : next;
}

/** `5;n` (palette) or `2;r;g;b` (truecolour) after a 38/48; out-of-range values are ignored, as xterm does. */
function readExtendedColor(codes: number[], at: number): { color?: AnsiColor; last: number } {
  const mode = codes[at];
  if (mode === 5) {
    const n = codes[at + 1];
    return { color: isByte(n) ? n : undefined, last: at + 1 };
  }
  if (mode === 2) {
    const [r, g, b] = [codes[at + 1], codes[at + 2], codes[at + 3]];
    return { color: isByte(r) && isByte(g) && isByte(b) ? rgbHex(r, g, b) : undefined, last: at + 3 };
  }
  return { last: at };
}

function isByte(n: number | undefined): n is number {
  return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 255;
}

function rgbHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function without(style: AnsiStyle, ...keys: Array<keyof AnsiStyle>): AnsiStyle {
  const next = { ...style };
  for (const key of keys) delete next[key];
  return next;
}

const STYLE_KEYS: Array<keyof AnsiStyle> = ['fg', 'bg', 'bold', 'dim', 'italic', 'underline', 'inverse', 'strike'];

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return STYLE_KEYS.every((key) => a[key] === b[key]);
}

function mergeAdjacent(spans: AnsiSpan[]): AnsiSpan[] {
  const merged: AnsiSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && sameStyle(last.style, span.style)) last.text += span.text;
    else merged.push({ ...span });
  }
  return merged;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Spans → HTML. Text is always escaped; classes and colours come only from the checked numbers above, never from
 * the log's text. The hub's CSP (style-src 'self') drops inline style attributes, so 256-colour and truecolour
 * values travel as data-fg / data-bg and applyAnsiColors sets them through the CSSOM, which the CSP allows.
 */
export function spansToHtml(spans: AnsiSpan[]): string {
  let html = '';
  for (const { text, style } of spans) {
    const { classes, colors } = styleAttributes(style);
    if (classes.length === 0 && colors.length === 0) {
      html += escapeHtml(text);
      continue;
    }
    const classAttr = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
    html += `<span${classAttr}${colors.map(([side, color]) => ` data-${side}="${color}"`).join('')}>${escapeHtml(text)}</span>`;
  }
  return html;
}

const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** Gives each span of `container` with data-fg / data-bg its colour (a checked #rrggbb), through the CSSOM. */
export function applyAnsiColors(container: ParentNode): void {
  container.querySelectorAll<HTMLElement>('span[data-fg], span[data-bg]').forEach((span) => {
    const { fg, bg } = span.dataset;
    if (fg && HEX_COLOR.test(fg)) span.style.color = fg;
    if (bg && HEX_COLOR.test(bg)) span.style.backgroundColor = bg;
  });
}

type ColorAttribute = ['fg' | 'bg', string];

function styleAttributes(style: AnsiStyle): { classes: string[]; colors: ColorAttribute[] } {
  const classes: string[] = [];
  const colors: ColorAttribute[] = [];
  const fg = style.inverse ? style.bg : style.fg;
  const bg = style.inverse ? style.fg : style.bg;
  colorAttribute(fg, 'fg', classes, colors);
  colorAttribute(bg, 'bg', classes, colors);
  if (style.inverse && fg === undefined) classes.push('a-inv-fg');
  if (style.inverse && bg === undefined) classes.push('a-inv-bg');
  if (style.bold) classes.push('a-b');
  if (style.dim) classes.push('a-d');
  if (style.italic) classes.push('a-i');
  if (style.underline) classes.push('a-u');
  if (style.strike) classes.push('a-s');
  return { classes, colors };
}

function colorAttribute(color: AnsiColor | undefined, side: 'fg' | 'bg', classes: string[], colors: ColorAttribute[]): void {
  if (color === undefined) return;
  if (typeof color === 'string') colors.push([side, color]);
  else if (color < 16) classes.push(`a-${side}${color}`);
  else colors.push([side, xtermColor(color)]);
}

/** xterm's 256-colour palette above the 16 themed colours: a 6×6×6 cube, then 24 greys. */
export function xtermColor(index: number): string {
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return rgbHex(level, level, level);
  }
  const n = index - 16;
  const steps = [0, 95, 135, 175, 215, 255];
  return rgbHex(steps[Math.floor(n / 36)]!, steps[Math.floor(n / 6) % 6]!, steps[n % 6]!);
}

/** One line of log text → HTML, with the style carried in from the previous line and out to the next. */
export function ansiLineToHtml(line: string, start: AnsiStyle = PLAIN): { html: string; end: AnsiStyle } {
  const { spans, end } = parseAnsiLine(line, start);
  return { html: spansToHtml(spans), end };
}
