/**
 * Characters and words as the redline engine sees them. Line wrapping, the
 * word diff and the amendment instructions all cut text with the rules in this
 * file, so a "word" means the same thing in the gutter, in the redline and in
 * "strike the second 'the'".
 *
 * All rules are written by hand over code points (no `Intl.Segmenter`), so the
 * server and every browser cut a text in exactly the same places.
 */

const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005]/u;
const WORD = /[\p{L}\p{N}_]/u;
const ATTACHED = /[\p{M}\u200D\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u;
const SPACE = /\s/u;
const OPENING = /[\p{Ps}\p{Pi}]/u;
const CLOSING = /[\p{Pe}\p{Pf}\p{Po}\u30FC\u3005]/u;
const ZWJ = 0x200d;

/** Whether a code point is whitespace (any Unicode space, tab or line break). */
export function isSpace(cp: number): boolean {
  if (cp < 128) return cp === 32 || (cp >= 9 && cp <= 13);
  return SPACE.test(String.fromCodePoint(cp));
}

/** Whether a line may break at this whitespace; no-break spaces keep their neighbours together. */
export function isBreakableSpace(cp: number): boolean {
  return isSpace(cp) && cp !== 0xa0 && cp !== 0x2007 && cp !== 0x202f;
}

/** Whether a code point is a Chinese or Japanese ideograph or kana: each is a word of its own. */
export function isIdeograph(cp: number): boolean {
  if (cp < 0x2e80) return false;
  return IDEOGRAPH.test(String.fromCodePoint(cp));
}

/** Whether a code point is part of an ordinary (alphabetic or numeric) word. */
export function isWordChar(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
  const ch = String.fromCodePoint(cp);
  return WORD.test(ch) && !isIdeograph(cp);
}

/** Whether a code point never stands alone: combining marks, joiners, skin tones, tag characters. */
export function isAttached(cp: number): boolean {
  if (cp < 0x300) return false;
  return ATTACHED.test(String.fromCodePoint(cp));
}

function isOpening(cp: number): boolean {
  return cp >= 128 ? OPENING.test(String.fromCodePoint(cp)) : cp === 40 || cp === 91 || cp === 123 || cp === 34 || cp === 39;
}

function isClosing(cp: number): boolean {
  if (cp < 128) return cp === 41 || cp === 93 || cp === 125 || cp === 44 || cp === 46 || cp === 33 || cp === 63 || cp === 58 || cp === 59;
  return CLOSING.test(String.fromCodePoint(cp));
}

/** The width of a text in characters (code points), the unit of line widths. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The code point at UTF-16 offset `i` (0 past the end). */
export function codePointAt(text: string, i: number): number {
  return text.codePointAt(i) ?? 0;
}

/** UTF-16 length of the code point `cp`. */
export function cpSize(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

/** The code point that ends just before UTF-16 offset `i` (0 at the start of the text). */
export function codePointBefore(text: string, i: number): number {
  if (i <= 0) return 0;
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return text.codePointAt(i - 2) ?? 0;
  }
  return c;
}

/**
 * Whether `a` followed by `b` belong to one word, so that no match, token or
 * line may start or end between them: two letters or digits of an ordinary
 * word, a character and its combining mark, or the parts of a joined emoji.
 */
export function continuesWord(a: number, b: number): boolean {
  if (a === 0 || b === 0) return false;
  if (isAttached(b) || a === ZWJ) return true;
  return isWordChar(a) && isWordChar(b);
}

/** The joiners allowed inside a word when letters stand on both sides: don't, people-to-people. */
function isInnerJoiner(cp: number): boolean {
  return cp === 39 || cp === 0x2019 || cp === 45 || cp === 0x2010;
}

/** The separators allowed inside a number when digits stand on both sides: 1,000.50. */
function isNumberSeparator(cp: number): boolean {
  return cp === 44 || cp === 46;
}

function isDigit(cp: number): boolean {
  return (cp >= 48 && cp <= 57) || (cp >= 128 && /\p{Nd}/u.test(String.fromCodePoint(cp)));
}

/** Skips attached code points (marks, joined emoji) from offset `i`; returns the offset after them. */
function skipAttached(text: string, i: number): number {
  while (i < text.length) {
    const cp = codePointAt(text, i);
    if (isAttached(cp)) {
      i += cpSize(cp);
      if (cp === ZWJ && i < text.length) i += cpSize(codePointAt(text, i));
      continue;
    }
    break;
  }
  return i;
}

/**
 * Cuts a text into the tokens the word diff compares: a run of whitespace, an
 * ordinary word (letters and digits, with inner apostrophes and hyphens such as
 * "don't" or "people-to-people", and numbers such as "1,000.50"), one ideograph,
 * or one other character (punctuation, symbol, emoji) with what is attached to
 * it. The tokens joined give the text back exactly.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    const cp = codePointAt(text, i);
    if (isSpace(cp)) {
      i += cpSize(cp);
      while (i < text.length && isSpace(codePointAt(text, i))) i += cpSize(codePointAt(text, i));
    } else if (isWordChar(cp)) {
      i = skipAttached(text, i + cpSize(cp));
      while (i < text.length) {
        const next = codePointAt(text, i);
        if (isWordChar(next)) {
          i = skipAttached(text, i + cpSize(next));
          continue;
        }
        const after = i + cpSize(next) < text.length ? codePointAt(text, i + cpSize(next)) : 0;
        const before = codePointBefore(text, i);
        if (isInnerJoiner(next) && isWordChar(after) && isWordChar(before)) {
          i += cpSize(next);
          continue;
        }
        if (isNumberSeparator(next) && isDigit(after) && isDigit(before)) {
          i += cpSize(next);
          continue;
        }
        break;
      }
    } else {
      i = skipAttached(text, i + cpSize(cp));
    }
    tokens.push(text.slice(start, i));
  }
  return tokens;
}

/** Whether a token (or any text) is whitespace only. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    const cp = codePointAt(text, i);
    if (!isSpace(cp)) return false;
    i += cpSize(cp);
  }
  return true;
}

/** Whether a text holds at least one word: a letter, digit or ideograph. */
export function hasWord(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    const cp = codePointAt(text, i);
    if (isWordChar(cp) || isIdeograph(cp)) return true;
    i += cpSize(cp);
  }
  return false;
}

/** The number of words (tokens with a letter, digit or ideograph) in a text. */
export function countWords(text: string): number {
  let n = 0;
  for (const token of tokenize(text)) if (hasWord(token)) n++;
  return n;
}

/**
 * Where a line may break inside a run of non-space text: before an ideograph
 * (unless it follows an opening bracket) and after one (unless closing
 * punctuation follows, which stays on the line it closes). Between two
 * characters of an ordinary word there is never a break.
 */
export function canBreakBetween(a: number, b: number): boolean {
  if (continuesWord(a, b) || isAttached(b) || isClosing(b)) return false;
  if (isIdeograph(b)) return !isOpening(a);
  return isIdeograph(a);
}

/** Hyphens and dashes a line may break after: hyphen-minus, hyphen (U+2010), en dash and em dash. */
const BREAK_AFTER_DASHES = new Set([0x2d, 0x2010, 0x2013, 0x2014]);
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

function isLetterOrDigit(cp: number): boolean {
  if (cp < 128) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

/** Whether `cp` is a hyphen or dash a line may break after (see `canBreakAfterDash`). */
export function isBreakAfterDash(cp: number): boolean {
  return BREAK_AFTER_DASHES.has(cp);
}

/**
 * Whether a line may break after the hyphen or dash `dash` that joins
 * `before` and `after`, each a letter or digit: "anti-|war", "1990-|2000",
 * "mid-|2026", "workers—|all", as LibreOffice and Word break a word that does
 * not fit. Never before the dash, never at one that starts or ends a word
 * ("-5", "pre- and post-war" break only at their spaces), and never at a slash:
 * "and/or" stays whole, as both word processors keep it.
 */
export function canBreakAfterDash(before: number, dash: number, after: number): boolean {
  return BREAK_AFTER_DASHES.has(dash) && isLetterOrDigit(before) && isLetterOrDigit(after);
}

/**
 * Offsets of every whole-word occurrence of `needle` in `text` that starts in
 * [from, to): an occurrence must not begin or end inside a word (so "the" is
 * not found in "other", but is in "the," and in "the-"). Ideographs are words
 * of their own, so a run of Chinese text can be searched character by character.
 * An empty needle has no occurrences.
 */
export function findWholeWord(text: string, needle: string, from = 0, to = text.length): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  let at = text.indexOf(needle, from);
  while (at !== -1 && at < to) {
    const end = at + needle.length;
    const startsClean = !continuesWord(codePointBefore(text, at), codePointAt(text, at));
    const endsClean = end >= text.length || !continuesWord(codePointBefore(text, end), codePointAt(text, end));
    if (startsClean && endsClean) found.push(at);
    at = text.indexOf(needle, at + 1);
  }
  return found;
}
