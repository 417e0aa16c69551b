import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  SimpleField,
  TextRun,
} from 'docx';

/** A 1x1 transparent PNG, for a picture Word would carry. */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * A Word document written the way Word writes one: the Title style, Heading 1
 * and 2, real numbering definitions (a decimal list and a bullet list with a
 * second level), "Whereas" and "Be it resolved" paragraphs with the lead word
 * in bold, italic words, a comment, a picture and a field.
 */
export async function wordLikeResolution(): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'Word user',
    comments: { children: [{ id: 0, author: 'Reviewer', date: new Date('2026-01-01T00:00:00Z'), children: [new Paragraph('Check this figure.')] }] },
    numbering: {
      config: [
        { reference: 'numbers', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT }] },
        {
          reference: 'bullets',
          levels: [
            { level: 0, format: LevelFormat.BULLET, text: '\u2022', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.BULLET, text: 'o', alignment: AlignmentType.LEFT },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Housing Justice Now')] }),
          new Paragraph({ children: [new TextRun({ text: 'Whereas', bold: true }), new TextRun(', rents rose '), new TextRun({ text: 'faster', italics: true }), new TextRun(' than wages;')] }),
          new Paragraph({ children: [new TextRun('WHEREAS tenants organise in '), new CommentRangeStart(0), new TextRun('forty'), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] }), new TextRun(' chapters;')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('What We Will Do')] }),
          new Paragraph({ children: [new TextRun({ text: 'Be it resolved', bold: true }), new TextRun(', that the League backs tenant unions;')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('First steps')] }),
          new Paragraph({ numbering: { reference: 'numbers', level: 0 }, children: [new TextRun('Train organisers')] }),
          new Paragraph({ numbering: { reference: 'numbers', level: 0 }, children: [new TextRun({ text: 'Fund', bold: true }), new TextRun(' a legal clinic')] }),
          new Paragraph({ numbering: { reference: 'bullets', level: 0 }, children: [new TextRun('In every region')] }),
          new Paragraph({ numbering: { reference: 'bullets', level: 1 }, children: [new TextRun('Starting in the north')] }),
          new Paragraph({ children: [new ImageRun({ type: 'png', data: PIXEL_PNG, transformation: { width: 10, height: 10 } })] }),
          new Paragraph({ children: [new TextRun('Be it further resolved, that this is reviewed in '), new SimpleField('DATE \\@ "yyyy"', '2027'), new TextRun('.')] }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** A Word document with no words in it: empty paragraphs and a picture. */
export async function wordWithoutText(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: [new Paragraph(''), new Paragraph({ children: [new ImageRun({ type: 'png', data: PIXEL_PNG, transformation: { width: 10, height: 10 } })] })] }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
