import type { DocumentTally } from '../../shared/signatures-api';
import { formatInZone } from '../../shared/signatures/zoned-time';
import { announce } from '../announce';
import { ApiError } from '../api';
import type { DocumentSummary } from '../api-types';
import { h, replaceChildren } from '../dom';
import type { EditorExtension } from '../editor/extensions';
import { icon } from '../icons';
import { panelJump } from '../editor/panel-jump';
import { href } from '../router';
import { textHref } from '../components/doc-tabs';
import { throttledStatus } from '../throttled-status';
import { chapterBreakdown, countWords, LiveTally, signersWords, tallyProgress } from './tally';

const INELIGIBLE: Record<NonNullable<DocumentTally['ineligibleReason']>, string> = {
  'not-on-roster': 'You are not on the convention roster, so you cannot sign. If that is wrong, ask convention staff to check the email address on the roster.',
  'not-in-good-standing': 'Only members in good standing as of the roster date can sign.',
  'not-a-delegate': 'Only delegates can sign this kind of text.',
  'not-collecting': 'This kind of text does not collect signatures.',
};

/** Whether a document can carry a tally at all (drafts never do). */
function hasTally(doc: DocumentSummary): boolean {
  return doc.status !== 'draft';
}

/**
 * The "Sign on" panel of a submitted resolution or amendment: progress to the
 * threshold, who may sign and until when, the reader's own signature (sign,
 * withdraw, or why they cannot), and the per-chapter breakdown. It follows
 * the live tally stream, so counts change as others sign.
 */
export const signPanel: EditorExtension = {
  id: 'signatures',
  title: 'Sign on',
  appliesTo: hasTally,
  mount(context, { panel }) {
    const { app, document: doc } = context;
    const older = context.shown && context.shown.version !== context.shown.newest ? context.shown : null;
    // Others' signatures are spoken politely and at most every few seconds; the reader's own act is announced at once.
    const status = throttledStatus();
    const body = h('div', { class: 'sign-panel', attrs: { 'aria-busy': 'true' } }, h('p', { class: 'loading' }, 'Loading the tally…'));
    panel.append(body, status.element);
    const jump = panelJump(panel, 'Go to Sign on');
    let tally: DocumentTally | null = null;
    let busy = false;
    let notice: { kind: 'error' | 'success'; text: string } | null = null;
    let live: LiveTally<DocumentTally> | null = null;
    let destroyed = false;
    // Whether keyboard focus belongs on the reader's own part across renders, even while signing leaves no enabled button to hold it.
    let holdFocus = false;

    /** Whether keyboard focus is on the reader's own button or on the notice of what it did. */
    const ownPartFocused = (): boolean => {
      const active = document.activeElement;
      return active !== null && body.contains(active) && active.closest('.sign-panel__mine, .sign-panel__notice') !== null;
    };

    /**
     * Focuses what the reader can do next (withdraw, or sign again), else the notice
     * of what just happened. Returns false while there is nothing to focus yet (the
     * button is busy); leaves focus alone if the reader has moved it meanwhile.
     */
    const refocusOwnPart = (): boolean => {
      if (document.activeElement !== document.body) return true;
      const target = body.querySelector<HTMLElement>('.sign-panel__mine button:not(:disabled)') ?? body.querySelector<HTMLElement>('.sign-panel__notice');
      target?.focus();
      return target !== null;
    };

    const render = () => {
      if (!tally) return;
      body.setAttribute('aria-busy', 'false');
      if (!tally.collecting) {
        panel.closest('details')?.setAttribute('hidden', '');
        return;
      }
      jump.show(`${countWords(tally)}${tally.signedByMe ? ' · you signed' : ''}`);
      const deadline = tally.deadline ? formatInZone(tally.deadline, tally.timezone) : null;
      const rule = h(
        'p',
        { class: 'sign-panel__rule' },
        `Needs ${tally.threshold.toLocaleString()} signatures of ${signersWords(tally.signers)}`,
        deadline ? (tally.deadlinePassed ? `. Signatures closed ${deadline}.` : ` by ${deadline}.`) : '.',
      );
      // The render replaces the reader's button (signing, withdrawing, or a live count from others); focus on it must not drop to the page.
      holdFocus ||= ownPartFocused();
      replaceChildren(
        body,
        tallyProgress(tally, `Signatures for ${doc.code ?? doc.title}`, tally.deadlinePassed),
        rule,
        notice ? h('div', { class: `alert alert--${notice.kind === 'error' ? 'error' : 'info'} sign-panel__notice`, attrs: { role: notice.kind === 'error' ? 'alert' : 'status', tabindex: '-1' } }, icon(notice.kind === 'error' ? 'alert' : 'check'), h('span', {}, notice.text)) : null,
        mine(tally),
        h(
          'details',
          { class: 'sign-panel__chapters', attrs: { open: Object.keys(tally.byChapter).length <= 4 } },
          h('summary', {}, `By chapter (${Object.keys(tally.byChapter).length})`),
          chapterBreakdown(tally.byChapter),
        ),
        context.user.isStaff
          ? h('p', { class: 'sign-panel__staff' }, h('a', { attrs: { href: href('/staff/signatures', { doc: doc.id }) } }, 'Verify signatures, strike, or enter paper forms'))
          : null,
      );
      if (holdFocus) holdFocus = !refocusOwnPart();
    };

    /** The reader's own part: signed, struck, can sign, or why not. */
    const mine = (t: DocumentTally): HTMLElement => {
      if (t.myStruckReason !== null) {
        return h('p', { class: 'sign-panel__mine sign-panel__mine--struck' }, icon('alert'), `Convention staff struck your signature: ${t.myStruckReason}`);
      }
      if (t.signedByMe) {
        return h(
          'div',
          { class: 'sign-panel__mine' },
          h('p', { class: 'sign-panel__signed' }, icon('check'), 'You have signed this text.'),
          t.open ? h('button', { class: 'btn btn--secondary btn--small', attrs: { type: 'button', disabled: busy }, on: { click: () => void act('withdraw') } }, 'Withdraw my signature') : null,
        );
      }
      if (!t.open) {
        const why = t.deadlinePassed ? 'The signature deadline has passed.' : `This text is ${t.status} and no longer takes signatures.`;
        return h('p', { class: 'sign-panel__mine help-text' }, why);
      }
      if (!t.eligible) return h('p', { class: 'sign-panel__mine help-text' }, INELIGIBLE[t.ineligibleReason ?? 'not-on-roster']);
      // A signature is for the text as it stands now: the reader signs from the newest version, having read it.
      if (older) {
        return h(
          'p',
          { class: 'sign-panel__mine help-text' },
          `You are reading v${older.version}; signatures are for ${doc.code ?? 'this text'} as it stands now. `,
          h('a', { attrs: { href: textHref(doc.id, older.newest) } }, `Read v${older.newest} to sign`),
        );
      }
      return h(
        'div',
        { class: 'sign-panel__mine' },
        h(
          'button',
          { class: 'btn btn--primary btn--block', attrs: { type: 'button', disabled: busy, 'aria-describedby': null }, on: { click: () => void act('sign') } },
          icon('pencil'),
          busy ? 'Signing…' : `Sign on to ${doc.code ?? 'this text'}`,
        ),
      );
    };

    const update = (next: DocumentTally, say?: string) => {
      // The count as first loaded is on screen; only later changes are spoken.
      const changed = tally !== null && tally.count !== next.count;
      tally = next;
      render();
      if (say) {
        status.stop();
        announce(say);
      }
      else if (changed) status.say(countWords(next));
    };

    const load = async () => {
      try {
        const next = await app.api.request<DocumentTally>('GET', `/api/documents/${encodeURIComponent(doc.id)}/tally?overTime=false`);
        if (!destroyed) update(next);
      } catch (caught) {
        if (destroyed) return;
        body.setAttribute('aria-busy', 'false');
        if (!tally) replaceChildren(body, h('p', { class: 'help-text' }, caught instanceof Error ? caught.message : 'The tally could not be loaded.'));
      }
    };

    const act = async (what: 'sign' | 'withdraw') => {
      if (busy) return;
      busy = true;
      notice = null;
      render();
      try {
        const next = await app.api.request<DocumentTally>(what === 'sign' ? 'POST' : 'DELETE', `/api/documents/${encodeURIComponent(doc.id)}/signatures`);
        busy = false;
        notice = { kind: 'success', text: what === 'sign' ? 'Your signature is counted.' : 'Your signature is withdrawn.' };
        update(next, what === 'sign' ? `Signed. ${countWords(next)}.` : `Signature withdrawn. ${countWords(next)}.`);
      } catch (caught) {
        busy = false;
        const offline = caught instanceof ApiError && caught.isNetwork;
        // Said plainly: nothing is queued to be sent later, so nothing may look signed that is not counted.
        const offlineText = what === 'sign'
          ? 'Signing needs the connection, and this device is offline: nothing was sent and your signature is not counted. Sign again when you are back online.'
          : 'Withdrawing needs the connection, and this device is offline: nothing was sent and your signature still counts. Try again when you are back online.';
        notice = { kind: 'error', text: offline ? offlineText : caught instanceof ApiError ? caught.message : 'That did not work; try again.' };
        render();
        if (caught instanceof ApiError && caught.status !== 0) void load();
      }
    };

    void load().then(() => {
      if (destroyed || !tally?.collecting) return;
      live = new LiveTally<DocumentTally>(`/api/documents/${encodeURIComponent(doc.id)}/tally/events`, (next) => update(next), () => void load());
    });

    return () => {
      destroyed = true;
      live?.close();
      status.stop();
      jump.remove();
    };
  },
};
