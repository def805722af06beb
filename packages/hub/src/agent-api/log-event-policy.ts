/**
 * Whether one NDJSON line is a log event: a JSON object whose `event` (the last one, as JSON.parse keeps) is a string.
 * Exactly JSON.parse's answer, without building the object: a push of 2,000 events parsed each line only to check it,
 * and the garbage of those objects cost more than the check. Strings and numbers are matched by sticky regular
 * expressions (native code); the nesting is tracked on a stack, so depth costs no recursion. The line may be a latin1
 * view of UTF-8 bytes: JSON's structure is ASCII, and each byte of a multi-byte character (≥ 0x80) is string content
 * there just as its character is in the decoded text, so the answer is the same without decoding.
 */
export function isLogEventLine(line: string): boolean {
  return isLogEventAt(line, 0, line.length);
}

/**
 * isLogEventLine for `text[start, end)`, so a whole push is checked in one string. The text may be a latin1 view of
 * UTF-8 bytes: the JSON structure is ASCII, and every byte of a multi-byte character (≥ 0x80) is string content
 * there as its character is in the decoded text, so the answer is the same without decoding.
 */
export function isLogEventAt(text: string, start: number, end: number): boolean {
  FLAT_EVENT.lastIndex = start;
  if (FLAT_EVENT.test(text) && FLAT_EVENT.lastIndex === end) return true;
  const scan: Scan = { line: text, end, at: skipSpace(text, start, end), keyIsEvent: false, eventIsString: false };
  if (scan.at === end || text.charCodeAt(scan.at) !== OPEN_BRACE) return false;
  if (!scanObject(scan)) return false;
  return skipSpace(text, scan.at, end) === end && scan.eventIsString;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;

// The rest of a string after its opening quote, up to and including the closing one (RFC 8259 §7), loop unrolled.
// eslint-disable-next-line no-control-regex -- JSON strings refuse raw control characters: the check must see them
const STRING_REST = /[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"/y;
// The agents' shape, in one native match: `event` first, then members of other (unescaped) names with flat values.
// eslint-disable-next-line no-control-regex -- as above
const FLAT_EVENT = /\{"event":"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"(?:,"(?!event")[^"\\\u0000-\u001f]*":(?:"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null))*\}/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERAL = /true|false|null/y;

interface Scan {
  line: string;
  /** Where the line ends: nothing at or past it belongs to the event. */
  end: number;
  at: number;
  /** The member being read is the top-level object's `event`. */
  keyIsEvent: boolean;
  eventIsString: boolean;
}

function skipSpace(line: string, at: number, end: number): number {
  let i = at;
  for (let c = line.charCodeAt(i); i < end && (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d); c = line.charCodeAt(++i));
  return i;
}

/** Moves past the string starting at `scan.at` (its opening quote); false when it is not a JSON string. */
function scanString(scan: Scan): boolean {
  if (scan.line.charCodeAt(scan.at) !== QUOTE) return false;
  STRING_REST.lastIndex = scan.at + 1;
  if (!STRING_REST.test(scan.line)) return false;
  scan.at = STRING_REST.lastIndex;
  return true;
}

function scanScalar(scan: Scan): boolean {
  const c = scan.line.charCodeAt(scan.at);
  if (c === QUOTE) return scanString(scan);
  const pattern = c === 0x2d || (c >= 0x30 && c <= 0x39) ? NUMBER : LITERAL;
  pattern.lastIndex = scan.at;
  if (!pattern.test(scan.line)) return false;
  scan.at = pattern.lastIndex;
  return true;
}

/** A member's key and its colon, from `scan.at`; a top-level key says whether it is `event`. */
function scanMemberKey(scan: Scan, topLevel: boolean): boolean {
  const start = skipSpace(scan.line, scan.at, scan.end);
  scan.at = start;
  if (!scanString(scan)) return false;
  if (topLevel) scan.keyIsEvent = isEventKey(scan.line, start, scan.at);
  scan.at = skipSpace(scan.line, scan.at, scan.end);
  if (scan.line.charCodeAt(scan.at) !== COLON) return false;
  scan.at++;
  return true;
}

/** Whether the key `line[start, end)` (quotes included) decodes to `event`; escapes are decoded only when present. */
function isEventKey(line: string, start: number, end: number): boolean {
  if (line.startsWith('"event"', start) && end - start === 7) return true;
  const backslash = line.indexOf('\\', start);
  return backslash !== -1 && backslash < end && JSON.parse(line.slice(start, end)) === 'event';
}

/** The object from `scan.at` with everything nested in it, containers on a stack of the closers they wait for. */
function scanObject(scan: Scan): boolean {
  const line = scan.line;
  const closers: number[] = [];
  for (;;) {
    // A value starts here.
    scan.at = skipSpace(line, scan.at, scan.end);
    const c = line.charCodeAt(scan.at);
    if (scan.keyIsEvent) {
      scan.eventIsString = c === QUOTE;
      scan.keyIsEvent = false;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const closer = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      scan.at = skipSpace(line, scan.at + 1, scan.end);
      if (line.charCodeAt(scan.at) === closer) scan.at++;
      else {
        closers.push(closer);
        if (closer === CLOSE_BRACE && !scanMemberKey(scan, closers.length === 1)) return false;
        continue;
      }
    } else if (!scanScalar(scan)) return false;
    // A value ended: close containers until a comma asks for the next value.
    for (;;) {
      if (closers.length === 0) return true;
      scan.at = skipSpace(line, scan.at, scan.end);
      const next = line.charCodeAt(scan.at);
      const closer = closers[closers.length - 1];
      if (next === COMMA) {
        scan.at++;
        if (closer === CLOSE_BRACE && !scanMemberKey(scan, closers.length === 1)) return false;
        break;
      }
      if (next !== closer) return false;
      scan.at++;
      closers.pop();
    }
  }
}
