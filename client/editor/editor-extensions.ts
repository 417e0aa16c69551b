import { aboutPanel } from './about-panel';
import type { EditorExtension } from './extensions';
import { signPanel } from '../views/sign-panel';

/**
 * The extensions the editor page loads, in side-panel order. Later work adds
 * here: line numbers (gutter), live redline and amendment instructions (panel,
 * amendments only), conflicts, signatures and tallies.
 */
export const EDITOR_EXTENSIONS: EditorExtension[] = [aboutPanel, signPanel];
