import { describe, expect, it } from 'vitest';
import { codePointLength, countWords, findWholeWord, tokenize } from './tokens';
import { describeText, ordinal } from './wording';

describe('words', () => {
  it('are cut into words, punctuation marks and runs of whitespace, which join back to the text', () => {
    const text = "We don't stop:  people-to-people, 1,000.50 times!";
    expect(tokenize(text)).toEqual(['We', ' ', "don't", ' ', 'stop', ':', '  ', 'people-to-people', ',', ' ', '1,000.50', ' ', 'times', '!']);
    expect(tokenize(text).join('')).toBe(text);
  });

  it('keep accents, joined emoji and skin tones whole, and make each ideograph a word', () => {
    expect(tokenize('café e\u0301te\u0301 👩‍👩‍👧 👍🏽 日本')).toEqual(['café', ' ', 'e\u0301te\u0301', ' ', '👩‍👩‍👧', ' ', '👍🏽', ' ', '日', '本']);
  });

  it('are counted without punctuation', () => {
    expect(countWords('Resolved, that we — all of us — act.')).toBe(7);
  });

  it('are found whole, never inside another word', () => {
    expect(findWholeWord('the other theme, the', 'the')).toEqual([0, 17]);
    expect(findWholeWord('日本の日本', '日本')).toEqual([0, 3]);
    expect(findWholeWord('abc', '')).toEqual([]);
  });

  it('are measured in characters, not UTF-16 units', () => {
    expect(codePointLength('a😀é')).toBe(3);
  });
});

describe('instruction wording', () => {
  it('counts in words, then in figures', () => {
    expect([1, 2, 3, 10, 11, 12, 13, 21, 22, 23, 101].map(ordinal)).toEqual(['first', 'second', 'third', 'tenth', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st']);
    expect(() => ordinal(0)).toThrow(RangeError);
  });

  it('names what cannot be quoted legibly', () => {
    expect(describeText(' ')).toBe('a space');
    expect(describeText('   ')).toBe('3 spaces');
    expect(describeText('\t')).toBe('whitespace');
    expect(describeText(',', { definite: true })).toBe('the comma');
    expect(describeText(';')).toBe('a semicolon');
    expect(describeText(' peace ')).toBe('“peace”');
  });
});
