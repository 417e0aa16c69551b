import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blocksFromMarkdown, type TextBlock } from '../text';
import { applyInstructions } from './apply';
import { diffBlocks } from './diff';
import { amendmentInstructions, type Instruction } from './instructions';
import { numberLines } from './lines';
import { bullet, heading, p, resolved, title, whereas } from './test-builders';

/**
 * The instructions that turn `base` into `amended`, checked on the way to give
 * exactly `amended` when applied to `base`.
 */
function instructions(base: TextBlock[], amended: TextBlock[], width = 80): Instruction[] {
  const list = amendmentInstructions(diffBlocks(base, amended), numberLines(base, width));
  const applied = applyInstructions(base, list, width);
  expect(applied.failures).toEqual([]);
  expect(applied.blocks).toEqual(amended);
  return list;
}
const wording = (base: TextBlock[], amended: TextBlock[], width = 80) => instructions(base, amended, width).map((i) => i.text);

const DELEGATIONS = 'Resolved, that the League shall send four delegations abroad during the term.';

describe('insert', () => {
  it('names the word the insertion goes after', () => {
    expect(wording([resolved(DELEGATIONS)], [resolved(DELEGATIONS.replace('four delegations', 'four workplace delegations'))])).toEqual([
      'On line 1, after “four”, insert “workplace”.',
    ]);
  });

  it('names the word it goes before when nothing precedes it on the line', () => {
    expect(wording([resolved('Resolved, that we act.')], [resolved('Therefore, be it Resolved, that we act.')])).toEqual(['On line 1, before “Resolved,”, insert “Therefore, be it”.']);
  });

  it('says which occurrence of the word is meant when it occurs more than once on the line', () => {
    expect(wording([p('the the the end')], [p('the the new the end')])).toEqual(['On line 1, after the second “the”, insert “new”.']);
  });

  it('names the line the insertion lands on, and a word on that same line', () => {
    // Lines at 12: "aaa bbb ccc" / "ddd eee fff" / "ggg hhh"; the new word lands at the start of line 3.
    expect(wording([p('aaa bbb ccc ddd eee fff ggg hhh')], [p('aaa bbb ccc ddd eee fff new ggg hhh')], 12)).toEqual(['On line 3, before “ggg”, insert “new”.']);
    expect(wording([p('aaa bbb ccc ddd eee fff ggg hhh')], [p('aaa bbb ccc ddd new eee fff ggg hhh')], 12)).toEqual(['On line 2, after “ddd”, insert “new”.']);
  });
});

describe('strike', () => {
  it('quotes the words it strikes', () => {
    expect(wording([resolved(DELEGATIONS)], [resolved(DELEGATIONS.replace(' abroad', ''))])).toEqual(['On line 1, strike “abroad”.']);
  });

  it('says which occurrence when the words occur more than once on the line', () => {
    expect(wording([p('the cat saw the dog and the bird')], [p('the cat saw the dog and bird')])).toEqual(['On line 1, strike the third “the”.']);
  });

  it('counts occurrences on the line only, not in the whole clause', () => {
    expect(wording([p('the cat and the dog and the bird')], [p('the cat and the dog and bird')], 20)).toEqual(['On line 2, strike “the”.']);
  });

  it('names the lines of a strike that runs over a line break', () => {
    expect(wording([p('aaa bbb ccc ddd eee fff')], [p('aaa bbb fff')], 12)).toEqual(['On lines 1-2, strike “ccc ddd eee”.']);
  });

  it('names a long strike by its first and last words, as conventions do', () => {
    const long = 'Resolved, that the League shall send four delegations abroad during the term, each of at most twelve members, selected from open calls to the membership, and reporting to the convention on their return.';
    expect(wording([resolved(long)], [resolved(long.replace('each of at most twelve members, selected from open calls to the membership, and ', ''))], 40)).toEqual([
      'On lines 3-4, strike from “each of at” through “the membership, and” on line 4.',
    ]);
  });

  it('quotes the last words of a long strike from the line it ends on, the last line it names', () => {
    // At 24: "alpha beta gamma delta" / "epsilon zeta eta theta" / "iota kappa lambda mu nu" / "xi omicron pi rho sigma" ...
    // The last three struck words, "nu xi omicron", run over the break between lines 3 and 4: only "xi omicron" is on line 4.
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega one two three four five six seven eight';
    const struck = 'gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron ';
    expect(instructions([p(text)], [p(text.replace(struck, ''))], 24)).toMatchObject([
      { fromLine: 1, toLine: 4, text: 'On lines 1-4, strike from “gamma delta epsilon” through “xi omicron” on line 4.' },
    ]);
  });

  it('the lines an instruction names are the lines its struck text is on', () => {
    // At 24: "alpha beta gamma delta" / "epsilon zeta eta theta" / "iota kappa lambda mu nu" / "xi omicron pi rho sigma" ...
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega one two three four five six seven eight';
    expect(instructions([p(text)], [p(text.replace(' beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi', ''))], 24)).toMatchObject([
      { fromLine: 1, toLine: 4, text: 'On lines 1-4, strike from “beta gamma delta” through “xi” on line 4.' },
    ]);
    // A strike that ends with the last word of a line names that line, not the next one its space hangs over.
    expect(instructions([p(text)], [p(text.replace('epsilon zeta eta theta ', ''))], 24)).toMatchObject([{ fromLine: 2, toLine: 2, text: 'On line 2, strike “epsilon zeta eta theta”.' }]);
  });

  it('a deleted sentence is struck from its first word through its final period', () => {
    expect(instructions([p('We act together. The Committee meets often. We win.')], [p('We act together. We win.')])).toMatchObject([
      { form: 'strike', strike: 'The Committee meets often. ', text: 'On line 1, strike “The Committee meets often.”' },
    ]);
    expect(instructions([p('We act together. The Committee meets often.')], [p('We act together.')])).toMatchObject([
      { form: 'strike', strike: ' The Committee meets often.', text: 'On line 1, strike “The Committee meets often.”' },
    ]);
  });

  it('a deleted long last sentence of the demo text is struck from its first word through its period, on the lines it is on', () => {
    const base = blocksFromMarkdown(readFileSync(fileURLToPath(new URL('../../fixtures/texts/CR01.md', import.meta.url)), 'utf8'));
    const sentence = ' The principles below are meant to be short enough to remember and firm enough to settle practical questions when the Committee must act between conventions.';
    const index = base.findIndex((block) => block.text.endsWith(sentence));
    const amended = base.map((block, i) => (i === index ? { ...block, text: block.text.slice(0, -sentence.length) } : block));
    // At 80 the sentence begins on line 22 ("ideas. The principles below ... and firm"), and "conventions." is alone on line 24.
    expect(instructions(base, amended, 80)).toEqual([
      {
        form: 'strike',
        strike: sentence,
        insert: '',
        locator: { by: 'text', phrase: 'The principles below', occurrence: 1 },
        fromLine: 22,
        toLine: 24,
        text: 'On lines 22-24, strike from “The principles below” through “conventions.” on line 24.',
      },
    ]);
  });

  it('does not add a full stop after a quotation that ends a sentence', () => {
    expect(wording([p('A.'), p('Something here.'), p('B.')], [p('A.'), p(''), p('B.')])).toEqual(['On line 2, strike “Something here.”']);
  });
});

describe('strike and insert', () => {
  it('strikes the old words and inserts the new ones in one instruction', () => {
    expect(wording([resolved(DELEGATIONS)], [resolved(DELEGATIONS.replace('four', 'five'))])).toEqual(['On line 1, strike “four” and insert “five”.']);
  });

  it('combines neighbouring small changes on a line into one strike and insert', () => {
    expect(wording([p('the big brown dog barks')], [p('the small brown cat barks')])).toEqual(['On line 1, strike “big brown dog” and insert “small brown cat”.']);
  });

  it('keeps changes far apart on a line as separate instructions', () => {
    expect(wording([p('one two three four five six seven')], [p('uno two three four five six siete')])).toEqual([
      'On line 1, strike “one” and insert “uno”.',
      'On line 1, strike “seven” and insert “siete”.',
    ]);
  });
});

describe('punctuation and whitespace', () => {
  it('names a punctuation-only change by the word it follows and the marks by name', () => {
    expect(wording([p('members, and friends')], [p('members; and friends')])).toEqual(['On line 1, after “members”, strike the comma and insert a semicolon.']);
    expect(wording([p('members and friends')], [p('members, and friends')])).toEqual(['On line 1, after “members”, insert a comma.']);
  });

  it('puts "an" before a mark whose name begins with a vowel', () => {
    expect(wording([p('members, and friends')], [p('members! and friends')])).toEqual(['On line 1, after “members”, strike the comma and insert an exclamation mark.']);
    expect(wording([p('pages 3 - 5')], [p('pages 3 — 5')])).toEqual(['On line 1, after “3”, strike the hyphen and insert an em dash.']);
  });

  it('names a straight and a curly apostrophe apart, as in the demo text', () => {
    const base = blocksFromMarkdown(readFileSync(fileURLToPath(new URL('../../fixtures/texts/CR01.md', import.meta.url)), 'utf8'));
    const amended = base.map((block) => ({ ...block, text: block.text.replace("visitors'", 'visitors’') }));
    expect(wording(base, amended)).toEqual(['On line 169, after “visitors”, strike the straight apostrophe and insert a curly apostrophe.']);
  });

  it('says where the spaces go when punctuation comes in or goes out with a space, as in the demo text', () => {
    const base = blocksFromMarkdown(readFileSync(fileURLToPath(new URL('../../fixtures/texts/CR01.md', import.meta.url)), 'utf8'));
    const dashed = base.map((block) => ({ ...block, text: block.text.replace('forms, including', 'forms — including') }));
    expect(wording(base, dashed)).toEqual(['On line 62, after “forms”, strike the comma and insert an em dash with a space before it.']);
    expect(wording(dashed, base)).toEqual(['On line 62, before “including”, strike the em dash with a space before it and insert a comma.']);
  });

  it('names a whitespace-only change as spaces', () => {
    expect(wording([p('members  and friends')], [p('members and friends')])).toEqual(['On line 1, after “members”, strike a space.']);
    expect(wording([p('members and friends')], [p('members   and friends')])).toEqual(['On line 1, after “members”, insert 2 spaces.']);
  });
});

describe('substitute', () => {
  it('substitutes a clause that was rewritten rather than edited', () => {
    expect(wording([resolved('Resolved, that the League fund four delegations.')], [resolved('Be it further resolved, that members elect an international secretary.')])).toEqual([
      'Substitute for line 1 the following resolved clause: “Be it further resolved, that members elect an international secretary.”',
    ]);
  });

  it('substitutes when more than half of a clause’s words change, even if some remain', () => {
    expect(instructions([p('alpha beta gamma delta epsilon zeta')], [p('alpha one two three four epsilon zeta')]).map((i) => i.form)).toEqual(['substitute']);
  });

  it('substitutes a block whose kind changed', () => {
    expect(wording([p('Principles'), p('Text.')], [heading('Principles'), p('Text.')])).toEqual(['Substitute for line 1 the following heading: “Principles”']);
  });

  it('substitutes for several struck blocks the blocks that replace them', () => {
    const base = [p('Keep.'), resolved('Resolved, that the League fund four delegations.'), resolved('Resolved, that each delegation report.'), p('Keep too.')];
    const amended = [p('Keep.'), resolved('Be it resolved, that members elect an international secretary.'), p('Keep too.')];
    expect(wording(base, amended)).toEqual(['Substitute for lines 2-3 the following resolved clause: “Be it resolved, that members elect an international secretary.”']);
  });
});

describe('whole clauses', () => {
  it('inserts a new clause after the line it follows', () => {
    expect(wording([resolved('Resolved, one.'), resolved('Resolved, two.')], [resolved('Resolved, one.'), resolved('Resolved, one and a half.'), resolved('Resolved, two.')])).toEqual([
      'After line 1, insert a new resolved clause: “Resolved, one and a half.”',
    ]);
  });

  it('inserts before line 1 at the start, several clauses at once, naming line 1', () => {
    expect(instructions([p('Text.')], [whereas('Whereas a;'), whereas('Whereas b;'), p('Text.')])).toMatchObject([
      { form: 'insert-after', afterLine: 0, fromLine: 1, toLine: 1, text: 'Before line 1, insert the following new whereas clauses:\n“Whereas a;”\n“Whereas b;”' },
    ]);
  });

  it('strikes whole clauses by their lines', () => {
    const base = [p('Keep.'), resolved('Resolved, gone one.'), resolved('Resolved, gone two.'), p('Keep too.')];
    expect(instructions(base, [base[0], base[3]])).toMatchObject([{ form: 'strike-lines', fromLine: 2, toLine: 3, text: 'Strike lines 2-3.' }]);
  });

  it('moves a clause in one instruction', () => {
    const alpha = p('Alpha clause, on the budget.');
    const beta = p('Beta clause, on the delegations.');
    const gamma = p('Gamma clause, on accountability.');
    expect(instructions([alpha, beta, gamma], [beta, gamma, alpha])).toMatchObject([{ form: 'move', fromLine: 1, toLine: 1, afterLine: 3, text: 'Strike line 1 and insert it after line 3.' }]);
  });

  it('strikes and inserts a moved clause separately when new text lands at the same place', () => {
    const alpha = p('Alpha clause, on the budget.');
    const beta = p('Beta clause, on the delegations.');
    const added = p('A new clause on exchanges with sister parties.');
    expect(instructions([alpha, beta], [beta, added, alpha]).map((i) => i.form)).toEqual(['strike-lines', 'insert-after']);
  });

  it('handles list items like clauses', () => {
    expect(wording([bullet('first item'), bullet('third item')], [bullet('first item'), bullet('second item, new'), bullet('third item')])).toEqual(['After line 1, insert a new list item: “second item, new”']);
  });
});

describe('edge cases', () => {
  it('gives no instructions for identical texts', () => {
    expect(wording([title('Peace'), p('Same.')], [title('Peace'), p('Same.')])).toEqual([]);
  });

  it('inserts everything into an empty base', () => {
    expect(instructions([], [title('New'), p('Text.')])).toMatchObject([{ form: 'insert-after', fromLine: 0, toLine: 0, text: 'Insert the following:\ntitle: “New”\nparagraph: “Text.”' }]);
  });

  it('inserts a title into an empty one, which has no line', () => {
    expect(instructions([title(''), p('Text.')], [title('A title'), p('Text.')])).toMatchObject([{ form: 'insert', fromLine: 1, text: 'Insert the title “A title”.' }]);
  });

  it('fills in an empty paragraph on its own line', () => {
    expect(wording([p('A.'), p(''), p('B.')], [p('A.'), p('Filled in.'), p('B.')])).toEqual(['On line 2, insert “Filled in.”']);
  });

  it('quotes accented words, emoji and Chinese or Japanese text as they are', () => {
    expect(wording([p('Les délégués du café 😀 sont là')], [p('Les délégués du bistrot 😀 sont là')])).toEqual(['On line 1, strike “café” and insert “bistrot”.']);
    expect(wording([p('We ✊ together')], [p('We 🤝 together')])).toEqual(['On line 1, after “We”, strike “✊” and insert “🤝”.']);
    expect(wording([p('日本語のテキストです。')], [p('日本語の文章です。')])).toEqual(['On line 1, strike “テキスト” and insert “文章”.']);
  });

  it('rejects a line map that does not number the base', () => {
    expect(() => amendmentInstructions(diffBlocks([p('a')], [p('b')]), numberLines([p('x'), p('y')]))).toThrow(RangeError);
  });
});
