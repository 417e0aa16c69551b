/**
 * Signing behind the storage seam: what the signature routes ask of storage.
 * Both backends decide "one counted signature per member and text" with the same
 * partial unique index (`signatures_one_live_per_member`), not with a check in
 * memory, and chain each change's audit entry inside the transaction that makes it.
 */
import type { Db } from '../db';
import { getDocument } from '../documents/store';
import { errors } from '../errors';
import { countDocument, sign, withdraw, type DocumentCount } from './store';

/** Who signs: the signed-in user, linked to the roster by email. */
export interface Signer {
  id: string;
  email: string;
}

/** Signatures of every process sharing one database. */
export interface SignatureStore {
  /** Signs for `user` (refusals as `errors`: 403 not eligible or closed, 409 already signed) and resolves with the new count. */
  sign(documentId: string, user: Signer, now?: number): Promise<DocumentCount>;
  /** Withdraws `user`'s signature and resolves with the new count. */
  withdraw(documentId: string, user: Signer, now?: number): Promise<DocumentCount>;
  /** A document's count as everyone sees it. */
  count(documentId: string, now?: number): Promise<DocumentCount>;
}

/** Signatures in the SQLite database: the functions of store.ts, each one IMMEDIATE transaction, as promises. */
export class SqliteSignatureStore implements SignatureStore {
  constructor(private readonly db: Db) {}

  async sign(documentId: string, user: Signer, now = Date.now()): Promise<DocumentCount> {
    return sign(this.db, documentId, user, now);
  }

  async withdraw(documentId: string, user: Signer, now = Date.now()): Promise<DocumentCount> {
    return withdraw(this.db, documentId, user, now);
  }

  async count(documentId: string, now = Date.now()): Promise<DocumentCount> {
    const doc = getDocument(this.db, documentId);
    if (!doc) throw errors.notFound('No such document.');
    return countDocument(this.db, doc, undefined, now);
  }
}
