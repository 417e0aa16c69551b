import { describe, expect, it } from 'vitest';
import { changeGroups, diffBlocks, diffWordsInBlock, documentSegments, isUnchanged, type Segment } from './diff';
import { documentText } from './document';
import { bullet, heading, p, resolved, title, whereas } from './test-builders';

/** A segment list written compactly: "=kept", "-struck", "+inserted". */
const redline = (segments: Segment[]) => segments.map((s) => (s.type === 'equal' ? '=' : s.type === 'delete' ? '-' : '+') + s.text);

describe('the word diff inside a block', () => {
  it('finds nothing to change in identical texts', () => {
    expect(redline(diffWordsInBlock('Resolved, that we act.', 'Resolved, that we act.'))).toEqual(['=Resolved, that we act.']);
    expect(diffWordsInBlock('', '')).toEqual([]);
  });

  it('strikes a deleted word together with the space after it', () => {
    expect(redline(diffWordsInBlock('the big dog', 'the dog'))).toEqual(['=the ', '-big ', '=dog']);
  });

  it('strikes the space before a deleted last word, which has none after it', () => {
    expect(redline(diffWordsInBlock('the big dog', 'the big'))).toEqual(['=the big', '- dog']);
  });

  it('inserts new words before the word they precede, with their space', () => {
    expect(redline(diffWordsInBlock('solidarity among workers', 'solidarity and peace among workers'))).toEqual(['=solidarity ', '+and peace ', '=among workers']);
  });

  it('puts struck text before inserted text', () => {
    expect(redline(diffWordsInBlock('the quick fox', 'the slow fox'))).toEqual(['=the ', '-quick', '+slow', '= fox']);
  });

  it('joins changes separated only by spaces into one strike and insert', () => {
    expect(redline(diffWordsInBlock('the quick brown fox', 'a slow brown fox'))).toEqual(['-the quick', '+a slow', '= brown fox']);
  });

  it('shows a punctuation-only change as just that punctuation', () => {
    expect(redline(diffWordsInBlock('members, and', 'members; and'))).toEqual(['=members', '-,', '+;', '= and']);
  });

  it('shows a whitespace-only change as just that whitespace', () => {
    expect(redline(diffWordsInBlock('a  b', 'a b'))).toEqual(['=a ', '- ', '=b']);
    expect(redline(diffWordsInBlock('a b', 'a\tb'))).toEqual(['=a', '- ', '+\t', '=b']);
  });

  it('compares whole words, so a changed word is struck and inserted whole', () => {
    expect(redline(diffWordsInBlock('people-to-people ties', 'people-to-person ties'))).toEqual(['-people-to-people', '+people-to-person', '= ties']);
    expect(redline(diffWordsInBlock('organise now', 'organize now'))).toEqual(['-organise', '+organize', '= now']);
  });

  it('compares Chinese and Japanese text character by character', () => {
    expect(redline(diffWordsInBlock('日本語のテキストです。', '日本語の文章です。'))).toEqual(['=日本語の', '-テキスト', '+文章', '=です。']);
  });

  it('keeps emoji and accented letters whole', () => {
    expect(redline(diffWordsInBlock('I love 👩‍👩‍👧 and café', 'I love 🐶 and cafe'))).toEqual(['=I love ', '-👩‍👩‍👧', '+🐶', '= and ', '-café', '+cafe']);
  });

  it('lists each change with its offsets in both texts', () => {
    expect(changeGroups(diffWordsInBlock('the quick fox', 'the slow fox'))).toEqual([{ baseFrom: 4, baseTo: 9, amendedFrom: 4, amendedTo: 8, deleted: 'quick', inserted: 'slow' }]);
  });
});

describe('where a strike or insertion goes when the same text stands on both sides of it', () => {
  it('a deleted sentence is struck from its first word through its final period, with the space after it', () => {
    expect(redline(diffWordsInBlock('We act. We meet often. We win.', 'We act. We win.'))).toEqual(['=We act. ', '-We meet often. ', '=We win.']);
  });

  it('a deleted last sentence is struck with the space before it, never from the period of the sentence before', () => {
    expect(redline(diffWordsInBlock('We act. We meet often.', 'We act.'))).toEqual(['=We act.', '- We meet often.']);
  });

  it('an inserted sentence is inserted whole, after the space that ends the sentence before it', () => {
    expect(redline(diffWordsInBlock('We act. We win.', 'We act. We meet often. We win.'))).toEqual(['=We act. ', '+We meet often. ', '=We win.']);
    expect(redline(diffWordsInBlock('the same ideas. The principles', 'the same ideas. The ideas. The principles'))).toEqual(['=the same ideas. ', '+The ideas. ', '=The principles']);
  });

  it('an inserted last sentence follows the period of the sentence before, with its space, and carries its own period', () => {
    expect(redline(diffWordsInBlock('We act.', 'We act. We win.'))).toEqual(['=We act.', '+ We win.']);
  });

  it('an inserted word is inserted between spaces, not with a leading space glued to the previous word’s punctuation', () => {
    expect(redline(diffWordsInBlock('Peace, land.', 'Peace, bread, land.'))).toEqual(['=Peace, ', '+bread, ', '=land.']);
    expect(redline(diffWordsInBlock('we act, we win', 'we act, we fight, we win'))).toEqual(['=we act, ', '+we fight, ', '=we win']);
  });

  it('a deleted clause is struck from its first word through its comma and the space after it', () => {
    expect(redline(diffWordsInBlock('we act, we fight, we win', 'we act, we win'))).toEqual(['=we act, ', '-we fight, ', '=we win']);
    expect(redline(diffWordsInBlock('the League, the party, the unions', 'the League, the unions'))).toEqual(['=the League, ', '-the party, ', '=the unions']);
  });

  it('a deleted Chinese or Japanese sentence is struck through its full stop', () => {
    expect(redline(diffWordsInBlock('我们行动。我们开会。我们胜利。', '我们行动。我们胜利。'))).toEqual(['=我们行动。', '-我们开会。', '=我们胜利。']);
  });

  it('leaves a repeated word where the word diff found it when no place reads better', () => {
    expect(redline(diffWordsInBlock('one, two, three', 'one, two, two, three'))).toEqual(['=one, two, ', '+two, ', '=three']);
  });
});

describe('the block diff', () => {
  it('finds identical texts unchanged', () => {
    const text = [title('Peace'), whereas('Whereas war is costly;'), resolved('Resolved, that we act.')];
    const diff = diffBlocks(text, text.map((b) => ({ ...b })));
    expect(isUnchanged(diff)).toBe(true);
    expect(redline(documentSegments(diff))).toEqual(['=Peace\nWhereas war is costly;\nResolved, that we act.']);
  });

  it('reads an empty base as all inserted, and an emptied text as all struck', () => {
    expect(redline(documentSegments(diffBlocks([], [p('One'), p('Two')])))).toEqual(['+One\nTwo']);
    expect(redline(documentSegments(diffBlocks([p('One'), p('Two')], [])))).toEqual(['-One\nTwo']);
    expect(diffBlocks([], []).entries).toEqual([]);
  });

  it('makes an inserted clause one change, not a word soup', () => {
    const base = [resolved('Resolved, that we act.'), resolved('Resolved, that we report.')];
    const diff = diffBlocks(base, [base[0], resolved('Resolved, that we organise exchanges.'), base[1]]);
    expect(diff.entries.map((e) => e.type)).toEqual(['equal', 'inserted', 'equal']);
  });

  it('makes a deleted clause one change', () => {
    const base = [resolved('Resolved, one.'), resolved('Resolved, two.'), resolved('Resolved, three.')];
    expect(diffBlocks(base, [base[0], base[2]]).entries.map((e) => e.type)).toEqual(['equal', 'deleted', 'equal']);
  });

  it('makes a moved clause one change: struck where it was, inserted where it goes, linked', () => {
    const base = [p('Alpha clause text.'), p('Beta clause text.'), p('Gamma clause text.')];
    const diff = diffBlocks(base, [base[1], base[2], base[0]]);
    const deleted = diff.entries.find((e) => e.type === 'deleted');
    const inserted = diff.entries.find((e) => e.type === 'inserted');
    expect(deleted).toEqual({ type: 'deleted', base: 0, movedTo: 2 });
    expect(inserted).toEqual({ type: 'inserted', amended: 2, movedFrom: 0 });
  });

  it('lines up an edited clause with its new version even next to a moved one', () => {
    const base = [whereas('Whereas solidarity among workers is our basis;'), resolved('Resolved, that we build ties with unions.'), resolved('Resolved, that the Committee reports.')];
    const amended = [base[2], whereas('Whereas solidarity and peace among workers is our basis;'), resolved('Resolved, that we build ties with unions abroad.')];
    const diff = diffBlocks(base, amended);
    expect(diff.entries.map((e) => e.type)).toEqual(['inserted', 'modified', 'modified', 'deleted']);
  });

  it('shows a rewritten clause as struck and inserted whole, not word by word', () => {
    const diff = diffBlocks([resolved('Resolved, that the League fund four delegations.')], [resolved('Be it further resolved, that members elect an international secretary annually.')]);
    expect(diff.entries.map((e) => e.type)).toEqual(['deleted', 'inserted']);
  });

  it('pairs a title with a title, however much it changed', () => {
    const diff = diffBlocks([title('Peace'), p('Text.')], [title('A wholly different name'), p('Text.')]);
    expect(diff.entries[0]).toMatchObject({ type: 'modified', base: 0, amended: 0 });
  });

  it('notes a change of kind even when the words stay the same', () => {
    const diff = diffBlocks([p('Principles')], [heading('Principles')]);
    expect(diff.entries[0]).toMatchObject({ type: 'modified', kindChanged: true });
    expect(redline(documentSegments(diff))).toEqual(['=Principles']);
  });

  it('treats a filled-in empty block as an edit of that block', () => {
    const diff = diffBlocks([p('Before.'), bullet(''), p('After.')], [p('Before.'), bullet('New item'), p('After.')]);
    expect(diff.entries.map((e) => e.type)).toEqual(['equal', 'modified', 'equal']);
  });

  it('joins the document with newlines: without inserts it is the base, without deletes the amended text', () => {
    const base = [title('Peace'), p('One two three.'), p('Gone.'), p('Four.')];
    const amended = [title('Peace now'), p('One three.'), p('Four.'), p('Five.')];
    const segments = documentSegments(diffBlocks(base, amended));
    expect(segments.filter((s) => s.type !== 'insert').map((s) => s.text).join('')).toBe(documentText(base));
    expect(segments.filter((s) => s.type !== 'delete').map((s) => s.text).join('')).toBe(documentText(amended));
  });
});
