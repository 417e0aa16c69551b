import { blocksFromProseMirror, proseMirrorFromBlocks, type PMNodeJSON, type TextBlock } from '../text';

/**
 * Builds the ProseMirror content of an amended text from its blocks, reusing
 * the base's own nodes where the amendment left them untouched, so their bold
 * and italic survive. `blocks` must hold the very block objects that
 * `blocksFromProseMirror(base)` returned for every block that stayed (as
 * `applyWordAmendment` does); any other block is new, and is built plain. A
 * list is reused only when every one of its items stayed, in order.
 */
export function contentKeepingBase(base: PMNodeJSON, baseBlocks: readonly TextBlock[], blocks: readonly TextBlock[]): PMNodeJSON {
  // The base's top-level nodes, each with the blocks it reads as.
  const units: { node: PMNodeJSON; blocks: readonly TextBlock[] }[] = [];
  let at = 0;
  for (const node of base.content ?? []) {
    const count = blocksFromProseMirror({ type: 'doc', content: [node] }).length;
    units.push({ node, blocks: baseBlocks.slice(at, at + count) });
    at += count;
  }
  if (at !== baseBlocks.length) return proseMirrorFromBlocks(blocks); // not the base's own blocks: build plainly
  const unitStarting = new Map(units.filter((unit) => unit.blocks.length > 0).map((unit) => [unit.blocks[0], unit]));
  const content: PMNodeJSON[] = [];
  let loose: TextBlock[] = [];
  const flush = () => {
    if (loose.length === 0) return;
    const built = proseMirrorFromBlocks(loose);
    content.push(...(loose[0].kind === 'title' ? built.content! : built.content!.slice(1)));
    loose = [];
  };
  for (let i = 0; i < blocks.length; ) {
    const unit = unitStarting.get(blocks[i]);
    if (unit && unit.blocks.every((block, k) => blocks[i + k] === block)) {
      flush();
      content.push(unit.node);
      i += unit.blocks.length;
      continue;
    }
    if (blocks[i].kind === 'title' && i === 0) {
      content.push({ type: 'title', content: blocks[i].text ? [{ type: 'text', text: blocks[i].text }] : [] });
      i++;
      continue;
    }
    loose.push(blocks[i]);
    i++;
  }
  flush();
  if (content[0]?.type !== 'title') content.unshift({ type: 'title', content: [] });
  if (content.length === 1) content.push({ type: 'paragraph' });
  return { type: 'doc', content };
}
