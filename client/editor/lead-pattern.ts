/**
 * The lead words of clauses ("Whereas", "Resolved", "Be it further
 * resolved"), which printed resolutions set in small capitals. Shared by the
 * editor's decoration (`lead-words.ts`) and the static reading view
 * (`reader/static-text.ts`), so both mark the same words.
 */

const LEAD: Record<string, RegExp> = {
  whereas: /^\s*whereas\b/i,
  resolved: /^\s*(?:therefore,?\s+)?(?:be it (?:further )?)?resolved\b/i,
};

/** How many characters at the start of `text` are the lead word of a block of type `typeName`; 0 when none (or not a clause). */
export function leadWordLength(typeName: string, text: string): number {
  const pattern = LEAD[typeName];
  if (!pattern) return 0;
  return pattern.exec(text)?.[0].length ?? 0;
}
