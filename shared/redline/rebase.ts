/**
 * Rebasing an amendment drafted against one version of a base text onto a
 * revised version (three-way): the revision's changes are all kept, the
 * amendment's changes are carried over where the revision left that text
 * alone, and every change that no longer applies is reported, never forced.
 */
import type { TextBlock } from '../text';
import { diffBlocks } from './diff';
import { documentText } from './document';
import { applyEdits, editGroupsFromDiff, editsCollide, flattenGroups, sameEdit, type Edit } from './edits';
import { linesOfEdit } from './conflicts';
import { DEFAULT_LINE_WIDTH, numberLines } from './lines';

/** A change of the amendment that no longer applies to the revised base. Lines are those of the old base. */
export interface UnappliedChange {
  fromLine: number;
  toLine: number;
  /** The old base text the change struck ('' for an insertion); blocks joined with "\n". */
  struck: string;
  /** The text the change inserted ('' for a strike); blocks joined with "\n". */
  inserted: string;
}

/** The amendment rebased onto the revised base, and the changes that could not be carried over. */
export interface RebaseResult {
  text: TextBlock[];
  unapplied: UnappliedChange[];
}

function describeEdit(edit: Edit, base: readonly TextBlock[]): { struck: string; inserted: string } {
  if (edit.type === 'text') return { struck: base[edit.block].text.slice(edit.from, edit.to), inserted: edit.insert };
  return { struck: documentText(base.slice(edit.from, edit.to)), inserted: documentText(edit.insert) };
}

/**
 * Rebases `amended` (drafted against `oldBase`) onto `newBase`. Changes the
 * revision already made identically are dropped; a change colliding with a
 * revision (same words changed, an insertion at the same place, text the
 * revision removed or rewrote) is left out with everything that must go with
 * it (both halves of a moved clause), and reported with its lines in the old
 * base (numbered at `width`). When nothing collides, the result holds both
 * the revision and the whole amendment.
 */
export function rebaseAmendment(oldBase: readonly TextBlock[], amended: readonly TextBlock[], newBase: readonly TextBlock[], width: number = DEFAULT_LINE_WIDTH): RebaseResult {
  const revision = flattenGroups(editGroupsFromDiff(diffBlocks(oldBase, newBase)));
  const lines = numberLines(oldBase, width);
  const carried: Edit[] = [];
  const unapplied: UnappliedChange[] = [];
  for (const group of editGroupsFromDiff(diffBlocks(oldBase, amended))) {
    const fresh = group.edits.filter((edit) => !revision.some((other) => sameEdit(edit, other)));
    if (fresh.some((edit) => revision.some((other) => editsCollide(edit, other)))) {
      for (const edit of fresh) {
        const range = linesOfEdit(edit, lines);
        unapplied.push({ fromLine: range.from, toLine: range.to, ...describeEdit(edit, oldBase) });
      }
      continue;
    }
    carried.push(...fresh);
  }
  return { text: applyEdits(oldBase, [...revision, ...carried]), unapplied };
}
