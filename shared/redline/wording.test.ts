import { describe, expect, it } from 'vitest';
import { diffBlocks } from './diff';
import { amendmentInstructions } from './instructions';
import { numberLines } from './lines';
import { p } from './test-builders';
import { describeText } from './wording';

/** Every punctuation mark and symbol of the Basic Multilingual Plane: the characters an instruction may have to name. */
const MARKS = Array.from({ length: 0x10000 }, (_, cp) => cp)
  .filter((cp) => (cp < 0xd800 || cp > 0xdfff) && /[\p{P}\p{S}]/u.test(String.fromCodePoint(cp)))
  .map((cp) => String.fromCodePoint(cp));
/** The marks instructions name rather than quote, by name. */
const MARK_BY_NAME = new Map(MARKS.filter((mark) => !describeText(mark).startsWith('“')).map((mark) => [describeText(mark, { definite: true }).replace(/^the /, ''), mark]));

const SPACES = '(a space|\\d+ spaces)';
const spaces = (words: string) => (words === 'a space' ? ' ' : ' '.repeat(Number.parseInt(words, 10)));

/** What a description of text names, read back literally, the way a secretary carrying out an instruction would. */
function readBack(description: string): string {
  const spacing = new RegExp(`^(.*?) with ${SPACES} (before and after|before|after) it(?: and ${SPACES} after it)?$`).exec(description);
  const what = spacing ? spacing[1] : description;
  const quoted = /^“(.*)”$/.exec(what);
  const named = /^(?:an?|the) (.+)$/.exec(what);
  const core = quoted ? quoted[1] : new RegExp(`^${SPACES}$`).test(what) ? spaces(what) : MARK_BY_NAME.get(named?.[1] ?? '');
  expect(core, `"${what}" names nothing`).toBeDefined();
  if (!spacing) return core!;
  const [, , around, side, after] = spacing;
  const before = side === 'after' ? '' : spaces(around);
  return `${before}${core}${after ? spaces(after) : side === 'before' ? '' : spaces(around)}`;
}

/**
 * Carries out "On line 1, after “word”, strike ... and insert ..." on a
 * one-line text, taking every word of it literally: what is struck is the
 * first text after the word that is exactly what the instruction names (the
 * spaces it does not name stay), what is inserted takes its place, or goes
 * right after the word when nothing is struck.
 */
function byHand(base: string, instruction: string): string {
  const before = /^On line 1, before “(.+?)”, insert (.+)\.$/.exec(instruction);
  if (before) {
    const [, anchor, insert] = before;
    expect(base.split(anchor), `“${anchor}” is not in the text once`).toHaveLength(2);
    const at = base.indexOf(anchor);
    return base.slice(0, at) + readBack(insert!) + base.slice(at);
  }
  const m = /^On line 1, after “(.+?)”, (?:strike (.+?)(?: and insert (.+))?|insert (.+))\.$/.exec(instruction);
  expect(m, `cannot read "${instruction}"`).not.toBeNull();
  const [, anchor, strike, insertAfterStrike, insertAlone] = m!;
  expect(base.split(anchor), `“${anchor}” is not in the text once`).toHaveLength(2);
  let at = base.indexOf(anchor) + anchor.length;
  const struck = strike === undefined ? '' : readBack(strike);
  if (struck.trim() !== '') while (base[at] === ' ' && !base.startsWith(struck, at)) at++;
  expect(base.slice(at, at + struck.length), `“${anchor}” is not followed by what is struck`).toBe(struck);
  const insert = insertAfterStrike ?? insertAlone;
  return base.slice(0, at) + (insert === undefined ? '' : readBack(insert)) + base.slice(at + struck.length);
}

const wording = (base: string, amended: string) => amendmentInstructions(diffBlocks([p(base)], [p(amended)]), numberLines([p(base)])).map((instruction) => instruction.text);

describe('naming punctuation', () => {
  it('puts "an" before a vowel sound and "a" before any other', () => {
    expect(['—', '–', '!', '(', '“', ')', '-', ',', "'", '’'].map((mark) => describeText(mark))).toEqual([
      'an em dash',
      'an en dash',
      'an exclamation mark',
      'an opening parenthesis',
      'an opening quotation mark',
      'a closing parenthesis',
      'a hyphen',
      'a comma',
      'a straight apostrophe',
      'a curly apostrophe',
    ]);
    for (const name of MARK_BY_NAME.keys()) expect(describeText(MARK_BY_NAME.get(name)!)).toMatch(/^(an [aeiou]|a [^aeiou])/);
  });

  it('tells apart marks that look alike: straight and curly apostrophes and quotation marks, hyphen and dashes', () => {
    expect(["'", '’', '"', '“', '”', '-', '–', '—'].map((mark) => describeText(mark, { definite: true }))).toEqual([
      'the straight apostrophe',
      'the curly apostrophe',
      'the straight quotation mark',
      'the opening quotation mark',
      'the closing quotation mark',
      'the hyphen',
      'the en dash',
      'the em dash',
    ]);
  });

  it('never names two different marks alike, so that striking one and inserting the other can be carried out', () => {
    for (const options of [{}, { definite: true }, { occurrence: 2 }]) {
      const named = new Map<string, string>();
      for (const mark of MARKS) {
        const name = describeText(mark, options);
        expect(named.get(name), `${JSON.stringify(named.get(name))} and ${JSON.stringify(mark)} are both "${name}"`).toBeUndefined();
        named.set(name, mark);
      }
    }
  });

  it('states the spaces that go with punctuation, since where they go cannot be guessed as between words', () => {
    expect(describeText(' —')).toBe('an em dash with a space before it');
    expect(describeText(' —', { definite: true })).toBe('the em dash with a space before it');
    expect(describeText(', ')).toBe('a comma with a space after it');
    expect(describeText(' — ')).toBe('an em dash with a space before and after it');
    expect(describeText('  – ')).toBe('an en dash with 2 spaces before it and a space after it');
    expect(describeText(' ?!')).toBe('“?!” with a space before it');
    expect(describeText(' peace ')).toBe('“peace”');
  });

  it('reads back, taken literally, as exactly the marks and spaces it names', () => {
    for (const mark of [...MARK_BY_NAME.values(), '?!']) {
      for (const [before, after] of [['', ''], [' ', ''], ['', ' '], [' ', ' '], ['  ', ' ']]) {
        const text = before + mark + after;
        expect(readBack(describeText(text)), describeText(text)).toBe(text);
        expect(readBack(describeText(text, { definite: true }))).toBe(text);
      }
    }
  });
});

describe('instructions on punctuation, carried out by hand word for word', () => {
  it.each([
    ["the visitors' book", 'the visitors’ book', 'On line 1, after “visitors”, strike the straight apostrophe and insert a curly apostrophe.'],
    ['the visitors book', 'the visitors’ book', 'On line 1, after “visitors”, insert a curly apostrophe.'],
    ['say it now', 'say it now!', 'On line 1, after “now”, insert an exclamation mark.'],
    ['forms, including art', 'forms — including art', 'On line 1, after “forms”, strike the comma and insert an em dash with a space before it.'],
    ['forms — including art', 'forms, including art', 'On line 1, after “forms”, strike the em dash with a space before it and insert a comma.'],
    ['forms including art', 'forms—including art', 'On line 1, after “forms”, strike a space and insert an em dash.'],
    ['it ends.', 'it ends. —', 'On line 1, after “ends.”, insert an em dash with a space before it.'],
    ['members, and friends', 'members; and friends', 'On line 1, after “members”, strike the comma and insert a semicolon.'],
    ['pages 3 - 5', 'pages 3 – 5', 'On line 1, after “3”, strike the hyphen and insert an en dash.'],
    ['one two', 'one — two', 'On line 1, after “one”, insert an em dash with a space before it.'],
  ])('%j to %j', (base, amended, instruction) => {
    expect(wording(base, amended)).toEqual([instruction]);
    expect(byHand(base, instruction)).toBe(amended);
  });

  it('places a mark by the word it touches: "stop here" to "stop (here)"', () => {
    const instructions = wording('stop here', 'stop (here)');
    expect(instructions).toEqual(['On line 1, before “here”, insert an opening parenthesis.', 'On line 1, after “here”, insert a closing parenthesis.']);
    expect(instructions.reduce((text, instruction) => byHand(text, instruction), 'stop here')).toBe('stop (here)');
  });
});
