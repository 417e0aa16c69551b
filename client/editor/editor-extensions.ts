import { aboutPanel } from './about-panel';
import { amendmentPanel } from './amendment-panel';
import type { EditorExtension } from './extensions';
import { lineNumbers } from './line-numbers';
import { newerVersionNotice } from './newer-version';
import { rebaseBanner } from './rebase-banner';
import { unpublishedNotice } from './unpublished-notice';
import { versionsPanel } from './versions-panel';
import { historyPanel, workflowPanel } from './workflow-panel';
import { signPanel } from '../views/sign-panel';

/**
 * The extensions the editor page loads, in side-panel order: line numbers in
 * the gutter (every text), the revised-base banner (amendments), the
 * unpublished-changes banner (a working copy under revision), the newer-version
 * banner (a published version read while a newer one appears), then the
 * panels: about, status and actions, the live redline and instructions
 * (amendments), signatures, versions and history.
 */
export const EDITOR_EXTENSIONS: EditorExtension[] = [lineNumbers, rebaseBanner, unpublishedNotice, newerVersionNotice, aboutPanel, workflowPanel, amendmentPanel, signPanel, versionsPanel, historyPanel];
