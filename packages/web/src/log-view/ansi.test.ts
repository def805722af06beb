import { describe, expect, it } from 'vitest';
import { ansiLineToHtml, escapeHtml, parseAnsiLine, spansToHtml, xtermColor, type AnsiStyle } from './ansi.js';

const E = '\x1b';

describe('parseAnsiLine', () => {
  it.each<{ name: string; line: string; start?: AnsiStyle; spans: Array<[string, AnsiStyle]>; end?: AnsiStyle }>([
    { name: 'plain text is one unstyled span', line: 'hello world', spans: [['hello world', {}]] },
    { name: 'an empty line has no spans', line: '', spans: [] },
    { name: 'red then reset', line: `${E}[31mred${E}[0m plain`, spans: [['red', { fg: 1 }], [' plain', {}]] },
    { name: 'an empty SGR resets', line: `${E}[1mbold${E}[m plain`, spans: [['bold', { bold: true }], [' plain', {}]] },
    { name: 'bold and green in one sequence', line: `${E}[1;32mok`, spans: [['ok', { bold: true, fg: 2 }]], end: { bold: true, fg: 2 } },
    { name: 'bright foreground 90–97 maps to 8–15', line: `${E}[91mx`, spans: [['x', { fg: 9 }]] },
    { name: 'background and bright background', line: `${E}[44ma${E}[103mb`, spans: [['a', { bg: 4 }], ['b', { bg: 11 }]] },
    { name: '256-colour foreground', line: `${E}[38;5;208morange`, spans: [['orange', { fg: 208 }]] },
    { name: '256-colour with colons', line: `${E}[38:5:33mblue`, spans: [['blue', { fg: 33 }]] },
    { name: 'truecolour background', line: `${E}[48;2;255;0;128mpink`, spans: [['pink', { bg: '#ff0080' }]] },
    { name: 'an out-of-range palette index is ignored', line: `${E}[38;5;300mx`, spans: [['x', {}]] },
    { name: 'an out-of-range truecolour is ignored', line: `${E}[38;2;1;2;999mx`, spans: [['x', {}]] },
    { name: '39 and 49 restore default colours', line: `${E}[31;42ma${E}[39mb${E}[49mc`, spans: [['a', { fg: 1, bg: 2 }], ['b', { bg: 2 }], ['c', {}]] },
    { name: '22 ends bold and dim', line: `${E}[1;2ma${E}[22mb`, spans: [['a', { bold: true, dim: true }], ['b', {}]] },
    { name: 'italic, underline, strike and their resets', line: `${E}[3;4;9ma${E}[23;24;29mb`, spans: [['a', { italic: true, underline: true, strike: true }], ['b', {}]] },
    { name: 'inverse and its reset', line: `${E}[7ma${E}[27mb`, spans: [['a', { inverse: true }], ['b', {}]] },
    { name: 'unknown SGR codes change nothing', line: `${E}[5;53mblink`, spans: [['blink', {}]] },
    { name: 'the style carries in from the previous line', line: 'still red', start: { fg: 1 }, spans: [['still red', { fg: 1 }]], end: { fg: 1 } },
    { name: 'erase-line and cursor moves are dropped', line: `${E}[2K${E}[1Gprogress`, spans: [['progress', {}]] },
    { name: 'a private-mode CSI is dropped', line: `${E}[?25lhidden cursor${E}[?25h`, spans: [['hidden cursor', {}]] },
    { name: 'an OSC window title is dropped', line: `${E}]0;my title\x07text`, spans: [['text', {}]] },
    { name: 'an OSC 8 hyperlink keeps its text', line: `${E}]8;;https://x.test${E}\\link${E}]8;;${E}\\ after`, spans: [['link after', {}]] },
    { name: 'a charset switch is dropped', line: `${E}(Babc`, spans: [['abc', {}]] },
    { name: 'a lone ESC at the end is dropped', line: `abc${E}`, spans: [['abc', {}]] },
    { name: 'an unterminated CSI is dropped', line: `abc${E}[31`, spans: [['abc', {}]] },
    { name: 'an 8-bit CSI is understood', line: '\x9b32mgreen', spans: [['green', { fg: 2 }]] },
    { name: 'a carriage return starts the line over', line: 'downloading 10%\rdownloading 100%', spans: [['downloading 100%', {}]] },
    { name: 'a style set before \\r survives it', line: `${E}[32m10%\r100%`, spans: [['100%', { fg: 2 }]] },
    { name: 'control characters are dropped, tabs kept', line: 'a\x07b\x08c\td\x00e\x7f', spans: [['abc\tde', {}]] },
    { name: 'C1 controls are dropped', line: 'a\x85b', spans: [['ab', {}]] },
    { name: 'same-style neighbours merge', line: `a${E}[0mb${E}[31m${E}[39mc`, spans: [['abc', {}]] },
    { name: 'HTML stays text', line: '<script>alert(1)</script>', spans: [['<script>alert(1)</script>', {}]] },
    { name: 'non-ASCII text is kept', line: 'ünïcødé ✓ 日本', spans: [['ünïcødé ✓ 日本', {}]] },
  ])('$name', ({ line, start, spans, end }) => {
    const result = parseAnsiLine(line, start);
    expect(result.spans.map((s) => [s.text, s.style])).toEqual(spans);
    if (end) expect(result.end).toEqual(end);
  });
});

describe('spansToHtml', () => {
  it.each([
    { name: 'plain text is escaped, without a span', spans: [{ text: '<b>&"\'', style: {} }], html: '&lt;b&gt;&amp;&quot;&#39;' },
    { name: 'a palette colour becomes a class', spans: [{ text: 'x', style: { fg: 1 } }], html: '<span class="a-fg1">x</span>' },
    { name: 'attributes become classes', spans: [{ text: 'x', style: { bold: true, dim: true, italic: true, underline: true, strike: true } }], html: '<span class="a-b a-d a-i a-u a-s">x</span>' },
    { name: 'a 256-colour index becomes an inline colour', spans: [{ text: 'x', style: { fg: 196 } }], html: '<span data-fg="#ff0000">x</span>' },
    { name: 'truecolour background', spans: [{ text: 'x', style: { bg: '#102030' } }], html: '<span data-bg="#102030">x</span>' },
    { name: 'inverse swaps the colours', spans: [{ text: 'x', style: { fg: 1, bg: 4, inverse: true } }], html: '<span class="a-fg4 a-bg1">x</span>' },
    { name: 'inverse without colours uses the theme', spans: [{ text: 'x', style: { inverse: true } }], html: '<span class="a-inv-fg a-inv-bg">x</span>' },
    { name: 'styled text is escaped too', spans: [{ text: '<img src=x onerror=alert(1)>', style: { fg: 2 } }], html: '<span class="a-fg2">&lt;img src=x onerror=alert(1)&gt;</span>' },
  ])('$name', ({ spans, html }) => {
    expect(spansToHtml(spans)).toBe(html);
  });
});

describe('ansiLineToHtml', () => {
  it.each([
    { name: 'a coloured word inside escaped text', line: `<a> ${E}[31mfail${E}[0m & done`, html: '&lt;a&gt; <span class="a-fg1">fail</span> &amp; done' },
    { name: 'an escape sequence cannot smuggle markup', line: `${E}[31m"><script>x</script>`, html: '<span class="a-fg1">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</span>' },
    { name: 'a CSI ends at its first final byte, as in a terminal, and is not applied', line: `${E}[31;x"mtext`, html: '&quot;mtext' },
  ])('$name', ({ line, html }) => {
    expect(ansiLineToHtml(line).html).toBe(html);
  });

  it('hands the style at the end of a line to the next one', () => {
    const first = ansiLineToHtml(`${E}[1;34mstart`);
    expect(ansiLineToHtml('next', first.end).html).toBe('<span class="a-fg4 a-b">next</span>');
  });
});

describe('escapeHtml', () => {
  it.each([
    ['', ''],
    ['plain', 'plain'],
    ['a < b && c > d', 'a &lt; b &amp;&amp; c &gt; d'],
    [`"double" 'single'`, '&quot;double&quot; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
  ])('%j → %j', (text, html) => {
    expect(escapeHtml(text)).toBe(html);
  });
});

describe('xtermColor', () => {
  it.each([
    [16, '#000000'],
    [21, '#0000ff'],
    [196, '#ff0000'],
    [231, '#ffffff'],
    [232, '#080808'],
    [255, '#eeeeee'],
  ])('%i → %s', (index, hex) => {
    expect(xtermColor(index)).toBe(hex);
  });
});
