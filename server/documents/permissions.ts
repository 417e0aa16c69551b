import type { Viewer } from '../auth/users';
import { inCaucus } from '../auth/users';
import type { DocumentRecord } from './store';

/**
 * Who may read and edit a text. The rules, in the convention's words:
 * - a draft is visible to its caucus (or committee) alone, and to staff;
 * - anything past draft (submitted, qualified, adopted ...) is readable by
 *   everyone signed in;
 * - only a draft can be edited, by its caucus; a consensus text stays editable
 *   by its committee and by staff after publication, because a committee revises
 *   it by publishing a new version (v2), never by changing v1;
 * - staff read everything but do not edit a caucus's draft.
 */
export function canRead(viewer: Viewer, doc: DocumentRecord): boolean {
  if (viewer.isStaff) return true;
  if (doc.status !== 'draft') return true;
  return inCaucus(viewer, doc.caucusId);
}

/** Whether the viewer's edits to this text are accepted (see `canRead` for the rules). */
export function canEdit(viewer: Viewer, doc: DocumentRecord): boolean {
  const consensusOpen = doc.kind === 'consensus' && (doc.status === 'draft' || doc.status === 'submitted');
  if (doc.status !== 'draft' && !consensusOpen) return false;
  if (inCaucus(viewer, doc.caucusId)) return true;
  return viewer.isStaff && (doc.caucusKind === 'committee' || doc.caucusId === null);
}
