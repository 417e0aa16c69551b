import { InputRule, inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import type { NodeType } from 'prosemirror-model';
import type { Plugin } from 'prosemirror-state';
import { resolutionSchema as schema } from '../../shared/schema';

/**
 * Typing shortcuts, as drafters already type: a paragraph that starts with
 * "Whereas " becomes a preamble clause, "Resolved," / "Be it resolved" /
 * "Therefore, be it further resolved" a resolved clause; "- " starts a bullet
 * list, "1. " a numbered list, "## " a heading. The typed words stay in the
 * text. No smart quotes: a changed quote mark would show up in every redline.
 */

const WHEREAS_LEAD = /^whereas[\s,]$/i;
const RESOLVED_LEAD = /^(?:therefore,?\s+)?(?:be it (?:further )?)?resolved[\s,:]$/i;

/** Turns a top-level paragraph into `type` once its opening words match, keeping the words. */
function clauseRule(pattern: RegExp, type: NodeType): InputRule {
  return new InputRule(pattern, (state, match, start, end) => {
    const $start = state.doc.resolve(start);
    if ($start.parent.type !== schema.nodes.paragraph || $start.depth !== 1) return null;
    const tr = state.tr.insertText(match[0].slice(-1), end);
    return tr.setBlockType(start, start, type);
  });
}

/** The input-rules plugin for the resolution schema. */
export function resolutionInputRules(): Plugin {
  const { nodes } = schema;
  return inputRules({
    rules: [
      clauseRule(WHEREAS_LEAD, nodes.whereas),
      clauseRule(RESOLVED_LEAD, nodes.resolved),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
      wrappingInputRule(/^(\d+)\.\s$/, nodes.ordered_list, (match) => ({ order: Number(match[1]) }), (match, node) => node.childCount + node.attrs.order === Number(match[1])),
      textblockTypeInputRule(/^(#{2,4})\s$/, nodes.heading, (match) => ({ level: match[1].length })),
    ],
  });
}
