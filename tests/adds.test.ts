import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addsToDocument } from '../server/sync/adds';
import { appendParagraph } from './helpers/yclient';
import { PROSEMIRROR_FRAGMENT } from '../shared/schema';

/** The server's copy of a text, and a client's copy synced from it. */
function serverAndClient() {
  const server = new Y.Doc();
  appendParagraph(server, 'Resolved, that the chapters meet monthly.');
  appendParagraph(server, 'Resolved, that minutes are published.');
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  /** What the client sends on connecting: everything the server lacks, plus its whole delete set. */
  const step2 = () => Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
  const paragraph = (index: number) => (client.getXmlFragment(PROSEMIRROR_FRAGMENT).get(index) as Y.XmlElement).get(0) as Y.XmlText;
  return { server, client, step2, paragraph };
}

describe('whether an update would change the text (what a refused edit is)', () => {
  it('a client that only repeats what the server has adds nothing, deletions included', () => {
    const { server, step2, paragraph } = serverAndClient();
    expect(addsToDocument(server, step2())).toBe(false);
    // A deletion both sides already have is repeated in every later sync step 2.
    paragraph(0).delete(0, 10);
    Y.applyUpdate(server, step2());
    expect(addsToDocument(server, step2())).toBe(false);
  });

  it('typed text is new', () => {
    const { server, step2, paragraph } = serverAndClient();
    paragraph(1).insert(0, 'Amended: ');
    expect(addsToDocument(server, step2())).toBe(true);
  });

  it('deleting text the server still shows is new, even with nothing typed', () => {
    const { server, step2, paragraph } = serverAndClient();
    paragraph(0).delete(3, 4);
    expect(addsToDocument(server, step2())).toBe(true);
  });

  it('an update from a client the server has never seen is new', () => {
    const { server } = serverAndClient();
    const stranger = new Y.Doc();
    appendParagraph(stranger, 'From elsewhere.');
    expect(addsToDocument(server, Y.encodeStateAsUpdate(stranger))).toBe(true);
  });

  it('throws on an update it cannot read', () => {
    const { server } = serverAndClient();
    expect(() => addsToDocument(server, new Uint8Array([1, 200, 3]))).toThrow();
  });
});
