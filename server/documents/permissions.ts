import type { Viewer } from '../auth/users';
import { inCaucus } from '../auth/users';
import type { DocumentRecord } from './store';

/**
 * Who may read and edit a text. The rules, in the convention's words:
 * - a caucus's draft is visible to that caucus alone, until it is submitted; a
 *   committee's draft (a consensus text) also to staff, who may edit it;
 * - anything past draft (submitted, qualified, adopted ...) is readable by
 *   everyone signed in;
 * - only a draft can be edited, by its caucus; a consensus text stays editable
 *   by its committee and by staff after publication, because a committee revises
 *   it by publishing a new version (v2), never by changing v1;
 * - staff read everything else but never a caucus's draft.
 */
export function canRead(viewer: Viewer, doc: DocumentRecord): boolean {
  if (doc.status !== 'draft') return true;
  if (inCaucus(viewer, doc.caucusId)) return true;
  return viewer.isStaff && (doc.caucusKind === 'committee' || doc.caucusId === null);
}

/** Whether the viewer's edits to this text are accepted (see `canRead` for the rules). */
export function canEdit(viewer: Viewer, doc: DocumentRecord): boolean {
  const consensusOpen = doc.kind === 'consensus' && (doc.status === 'draft' || doc.status === 'submitted');
  if (doc.status !== 'draft' && !consensusOpen) return false;
  if (inCaucus(viewer, doc.caucusId)) return true;
  return viewer.isStaff && (doc.caucusKind === 'committee' || doc.caucusId === null);
}

/**
 * Whether the viewer may follow the live text (the sync room): anyone who may
 * read it, except that the working copy of a consensus text past draft is its
 * editors' alone. Its committee revises it there before publishing the next
 * version; everyone else reads the published versions, whose line numbers
 * every amendment and export use.
 */
export function canReadLive(viewer: Viewer, doc: DocumentRecord): boolean {
  if (!canRead(viewer, doc)) return false;
  if (doc.kind === 'consensus' && doc.status !== 'draft') return canEdit(viewer, doc);
  return true;
}
