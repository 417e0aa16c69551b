/**
 * What the convention packet holds, read from the database as plain data: every
 * text as its blocks (and its base's, for an amendment), never a computed
 * redline. Plain data can be hashed for the export cache and handed to the
 * process that typesets the packet (`packet-worker.ts`), which then diffs
 * and numbers every text (`packetOf`). This module loads neither typesetter.
 */
import type { DocumentRecord } from '../documents/store';
import type { DocumentCount } from '../signatures/store';
import type { TextBlock } from '../../shared/text';
import { redlinePiece, textPiece, versionLabel, type ExportPiece } from './model';
import type { ExportSource } from './source';

/** Reports how far a long export is (0 to 1) and what it is doing. */
export type Progress = (fraction: number, message: string) => void;

/** A signature count as the packet prints it. */
export interface PacketTally {
  count: number;
  threshold: number;
  qualified: boolean;
  collecting: boolean;
}

/** What the packet shows of a text's record. */
export type PacketDocument = Pick<DocumentRecord, 'id' | 'code' | 'title' | 'kind' | 'status' | 'caucusName' | 'rationale' | 'baseId' | 'baseVersion'>;

/** One text of the packet. */
export interface PacketItem {
  doc: PacketDocument;
  /** 0: a consensus text or resolution; 1: an amendment; 2: a secondary amendment. */
  depth: number;
  /** The code of the text it amends, with the version ("CR01 v1"); null for a base text. */
  amends: string | null;
  /** A bookmark / link target name, unique in the packet. */
  anchor: string;
  /** A clean text (base texts) or a redline against the base version (amendments). */
  piece: ExportPiece;
  /** For an amendment drafted against an older version than the one the packet prints: says whose line numbers it uses. */
  note: string | null;
  tally: PacketTally | null;
}

/** Everything the packet shows, collected before rendering. */
export interface Packet {
  convention: string;
  generatedAt: string;
  width: number;
  items: PacketItem[];
  /** The signature log's anchor when the packet was made (`entry:hash`), printed under the tallies; null for an empty log. */
  auditAnchor: string | null;
}

/** A text of the packet as read: its blocks, its base version's blocks for an amendment (then it prints as a redline), and its facts. */
export interface PacketText {
  base: TextBlock[] | null;
  blocks: TextBlock[];
  facts: Omit<ExportPiece, 'kind' | 'redline' | 'instructions'>;
}

/** The packet as read, before any text is diffed or numbered: plain data (structured-cloneable, JSON-safe). */
export interface PacketInput extends Omit<Packet, 'items'> {
  items: (Omit<PacketItem, 'piece'> & { text: PacketText })[];
}

/** The line under the tallies that lets anyone holding a printed packet check later that the signature log was not rewritten. */
export function anchorNote(anchor: string): string {
  return `Signature log anchor when this packet was made (checked against the log later, with plenary audit verify --anchor or on the staff Signatures page, it shows whether any signature record up to here was changed since): ${anchor}`;
}

/** Yields to the event loop, so that other requests are served between two texts. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function anchorOf(doc: Pick<DocumentRecord, 'id' | 'code'>): string {
  return `pl_${(doc.code ?? doc.id).replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 40);
}

function tallyOf(count: DocumentCount): PacketTally {
  return { count: count.count, threshold: count.threshold, qualified: count.qualified, collecting: count.collecting };
}

/** Statuses of the texts the packet holds: everything past draft. */
function inPacket(doc: DocumentRecord): boolean {
  return doc.status !== 'draft';
}

function packetDocument(doc: DocumentRecord): PacketDocument {
  const { id, code, title, kind, status, caucusName, rationale, baseId, baseVersion } = doc;
  return { id, code, title, kind, status, caucusName, rationale, baseId, baseVersion };
}

/**
 * Reads every submitted text of the convention, in the packet's order: base
 * texts in the convention's order (consensus texts, then resolutions, by code),
 * each followed by its amendments by code, and each amendment by its secondary
 * amendments.
 */
export async function collectPacketInput(source: ExportSource, progress: Progress = () => {}): Promise<PacketInput> {
  const convention = await source.convention();
  const width = convention.lineWidth;
  const documents = (await source.documents()).filter(inPacket);
  const byBase = new Map<string, DocumentRecord[]>();
  for (const doc of documents) {
    if (!doc.baseId) continue;
    const list = byBase.get(doc.baseId) ?? [];
    list.push(doc);
    byBase.set(doc.baseId, list);
  }
  const included = new Set(documents.map((doc) => doc.id));
  const ordered: { doc: DocumentRecord; depth: number }[] = [];
  const visit = (doc: DocumentRecord, depth: number) => {
    ordered.push({ doc, depth });
    for (const child of byBase.get(doc.id) ?? []) visit(child, depth + 1);
  };
  for (const doc of documents) if (!doc.baseId || !included.has(doc.baseId)) visit(doc, doc.baseId ? 1 : 0);

  const items: PacketInput['items'] = [];
  for (const [i, { doc, depth }] of ordered.entries()) {
    progress(i / ordered.length, `reading ${doc.code ?? doc.title}`);
    const current = await source.current(doc);
    const base = doc.baseId && doc.baseVersion ? await source.document(doc.baseId) : undefined;
    const facts = { code: doc.code, title: doc.title, author: doc.caucusName ?? 'Plenary', date: current.date };
    let text: PacketText;
    let amends: string | null = null;
    let note: string | null = null;
    if (base && doc.baseVersion) {
      const baseText = await source.version(base, doc.baseVersion);
      const name = base.code ?? base.title;
      amends = `${name} v${doc.baseVersion}`;
      const printed = (await source.current(base)).version;
      if (printed !== null && printed !== doc.baseVersion) {
        note = `Drafted against ${amends}: its line numbers are those of v${doc.baseVersion}, not of ${name} v${printed} printed in this packet (its caucus has not accepted the rebase onto v${printed}).`;
      }
      text = { base: baseText.blocks, blocks: current.blocks, facts: { ...facts, versionLabel: `${versionLabel(current.version)}, against ${amends}` } };
    } else {
      text = { base: null, blocks: current.blocks, facts: { ...facts, versionLabel: versionLabel(current.version) } };
    }
    items.push({ doc: packetDocument(doc), depth, amends, anchor: anchorOf(doc), text, note, tally: tallyOf(await source.tally(doc)) });
    await yieldToEventLoop();
  }
  progress(1, 'read every text');
  return { convention: convention.name, generatedAt: new Date().toISOString(), width, items, auditAnchor: await source.auditAnchor() };
}

/** The packet's content from what was read: every amendment diffed against its base and every text numbered. */
export function packetOf(input: PacketInput, progress: Progress = () => {}): Packet {
  const items = input.items.map(({ text, ...item }, i) => {
    progress(i / input.items.length, `comparing ${item.doc.code ?? item.doc.title}`);
    const piece = text.base ? redlinePiece(text.base, text.blocks, text.facts, input.width) : textPiece(text.blocks, text.facts, input.width);
    return { ...item, piece };
  });
  progress(1, 'compared every text');
  return { ...input, items };
}
