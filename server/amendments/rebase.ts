import type { FastifyInstance } from 'fastify';
import { rebaseAmendment } from '../../shared/redline';
import { proseMirrorFromBlocks } from '../../shared/text';
import type { RebaseProposal } from '../../shared/api';
import type { DocumentRecord } from '../documents/store';
import { currentBlocks, versionBlocks } from './texts';

/** Amendment statuses that are over: nothing to carry to a new base. */
const CLOSED = new Set(['withdrawn', 'failed', 'final', 'adopted']);

/**
 * After `base` got version `toVersion`, rebases every open amendment drafted
 * against an older version (three-way) and stores the result as a proposal
 * for its caucus to accept or dismiss; an older pending proposal is replaced.
 * Returns how many proposals were made.
 */
export async function proposeRebases(app: FastifyInstance, base: DocumentRecord, toVersion: number): Promise<number> {
  const width = (await app.storage.conventions.current()).lineWidth;
  const newBase = await versionBlocks(app, base, toVersion);
  let made = 0;
  for (const amendment of await app.storage.documents.amendmentsOf(base.id)) {
    if (CLOSED.has(amendment.status) || amendment.baseVersion === null || amendment.baseVersion >= toVersion) continue;
    const oldBase = await versionBlocks(app, base, amendment.baseVersion);
    const { blocks } = await currentBlocks(app, amendment);
    const result = rebaseAmendment(oldBase, blocks, newBase, width);
    await app.storage.amendments.propose({ documentId: amendment.id, fromVersion: amendment.baseVersion, toVersion, blocks: result.text, unapplied: result.unapplied });
    made++;
  }
  return made;
}

/** The ProseMirror JSON of a proposal's text. */
export function proposalContent(proposal: RebaseProposal) {
  return proseMirrorFromBlocks(proposal.blocks);
}
