import * as Y from 'yjs';

/** A document's deleted ranges per client (Yjs does not export the type by name). */
export type DeleteSet = ReturnType<typeof Y.createDeleteSetFromStructStore>;

/**
 * Whether applying `update` would change `doc`: it holds an insertion the document
 * has not seen, or deletes something the document still shows. A client that
 * merely repeats what the server has (the sync step 2 every client sends on
 * connecting, with its whole delete set) adds nothing. `deleted` gives the
 * document's own delete set (a room keeps it until its next change: a thousand
 * readers reconnecting at once then cost one computation, and a comparison each).
 * Throws if the update cannot be read.
 */
export function addsToDocument(doc: Y.Doc, update: Uint8Array, deleted: () => DeleteSet = () => Y.createDeleteSetFromStructStore(doc.store)): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  if (ds.clients.size === 0 || Y.equalDeleteSets(ds, deleted())) return false;
  for (const [client, ranges] of ds.clients) {
    const known = doc.store.clients.get(client);
    for (const { clock, len } of ranges) {
      if (len <= 0) continue;
      // Deleting what the document has not seen yet would take effect once it arrives.
      if (!known || clock + len > Y.getState(doc.store, client)) return true;
      for (let index = Y.findIndexSS(known, clock); index < known.length && known[index]!.id.clock < clock + len; index++) {
        if (!known[index]!.deleted) return true;
      }
    }
  }
  return false;
}
