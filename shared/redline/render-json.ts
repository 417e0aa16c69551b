/**
 * The redline as JSON, in the shape the command line promises (CONTRACTS.md):
 * `{"baseLines", "segments", "instructions"}` and a few more fields. Scripts
 * rely on this shape; adding fields is fine, changing these is a breaking change.
 */
import type { SegmentType } from './diff';
import type { Instruction, InstructionForm } from './instructions';
import type { Redline } from './redline';

/** The JSON form of a redline. */
export interface RedlineJson {
  /** The line width the texts were numbered at. */
  width: number;
  /** The base's numbered lines: line N is `baseLines[N - 1]`. */
  baseLines: string[];
  /** The amended text's numbered lines. */
  amendedLines: string[];
  /** The whole document, blocks joined with "\n": without inserts the base, without deletes the amended text. */
  segments: { type: SegmentType; text: string }[];
  /** The amendment instructions, with the base lines each changes. */
  instructions: { form: InstructionForm; text: string; fromLine: number; toLine: number }[];
}

/** The JSON form of a redline and its instructions (see `RedlineJson`). */
export function redlineToJson(redline: Redline, instructions: readonly Instruction[]): RedlineJson {
  return {
    width: redline.width,
    baseLines: redline.base.lines.map((line) => line.text),
    amendedLines: redline.amended.lines.map((line) => line.text),
    segments: redline.segments.map((segment) => ({ type: segment.type, text: segment.text })),
    instructions: instructions.map((instruction) => ({ form: instruction.form, text: instruction.text, fromLine: instruction.fromLine, toLine: instruction.toLine })),
  };
}
