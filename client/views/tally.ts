import type { DocumentTally, TallyChange, TallyPoint } from '../../shared/signatures-api';
import { h, uniqueId } from '../dom';

/**
 * The tally's building blocks, shared by the "Sign on" panel and the staff
 * Signatures page: the progress bar to the threshold, the per-chapter
 * breakdown, the signatures-over-time chart (inline SVG) and a live
 * connection to the server's tally stream.
 */

/** "12 of 20 signatures", or just the count when the kind needs none. */
export function countWords(tally: Pick<DocumentTally, 'count' | 'threshold'>): string {
  if (tally.threshold > 0) return `${tally.count.toLocaleString()} of ${tally.threshold.toLocaleString()} ${tally.threshold === 1 ? 'signature' : 'signatures'}`;
  return `${tally.count.toLocaleString()} ${tally.count === 1 ? 'signature' : 'signatures'}`;
}

/** Who may sign, in the convention's words. */
export function signersWords(signers: DocumentTally['signers']): string {
  return signers === 'delegates' ? 'delegates in good standing' : 'members in good standing';
}

/**
 * The progress bar to the threshold: a native `<progress>`-like meter with its
 * numbers in words beside it (the bar is decoration; the words carry it). Once
 * signatures are `closed` (the deadline passed), what is missing is no longer
 * "to go".
 */
export function tallyProgress(tally: Pick<DocumentTally, 'count' | 'threshold' | 'qualified'>, label: string, closed = false): HTMLElement {
  const short = (tally.threshold - tally.count).toLocaleString();
  const labelId = uniqueId('tally-label');
  const max = Math.max(tally.threshold, 1);
  const percent = Math.min(100, Math.round((tally.count / max) * 100));
  return h(
    'div',
    { class: `tally-progress${tally.qualified ? ' tally-progress--met' : ''}` },
    h(
      'div',
      { class: 'tally-progress__numbers', attrs: { id: labelId } },
      h('span', { class: 'tally-progress__count', dataset: { testid: 'tally-count' } }, countWords(tally)),
      tally.qualified
        ? h('span', { class: 'tally-progress__met' }, 'Threshold met')
        : tally.threshold > 0
          ? h('span', { class: 'tally-progress__left' }, closed ? `Closed ${short} short` : `${short} to go`)
          : null,
    ),
    h(
      'div',
      {
        class: 'tally-progress__track',
        attrs: { role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': tally.threshold, 'aria-valuenow': Math.min(tally.count, tally.threshold), 'aria-valuetext': countWords(tally) },
      },
      h('div', { class: 'tally-progress__fill', attrs: { style: `width: ${percent}%` } }),
    ),
  );
}

/** The per-chapter breakdown as a short list of bars, largest chapters first; the rest summed. */
export function chapterBreakdown(byChapter: Record<string, number>, options: { limit?: number } = {}): HTMLElement {
  const entries = Object.entries(byChapter);
  if (entries.length === 0) return h('p', { class: 'help-text' }, 'No signatures yet.');
  const limit = options.limit ?? 8;
  const shown = entries.slice(0, limit);
  const rest = entries.slice(limit).reduce((sum, [, n]) => sum + n, 0);
  const top = Math.max(...entries.map(([, n]) => n));
  const item = (chapter: string, n: number, className = '') =>
    h(
      'li',
      { class: `chapter-bars__item ${className}`.trim() },
      h('span', { class: 'chapter-bars__name' }, chapter),
      h('span', { class: 'chapter-bars__bar', attrs: { 'aria-hidden': 'true' } }, h('span', { attrs: { style: `width: ${Math.max(4, Math.round((n / top) * 100))}%` } })),
      h('span', { class: 'chapter-bars__n' }, n.toLocaleString()),
    );
  return h(
    'ul',
    { class: 'chapter-bars', attrs: { 'aria-label': `Signatures by chapter, ${entries.length} ${entries.length === 1 ? 'chapter' : 'chapters'}` } },
    ...shown.map(([chapter, n]) => item(chapter, n)),
    rest > 0 ? item(`${entries.length - limit} more chapters`, rest, 'chapter-bars__item--rest') : null,
  );
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
/** Axis labels show the time of day when the whole line spans less than this. */
const SHORT_RANGE_MS = 36 * 60 * 60 * 1000;
const EXACT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Signatures over time as an inline SVG step chart, scaled to its box: the
 * counted total after every event, a dashed line at the threshold, the
 * deadline marked when it falls inside the range. The SVG has a text
 * alternative (its title and a summary); the numbers are in the tally too.
 */
export function overTimeChart(points: readonly TallyPoint[], options: { threshold: number; deadline: string | null; now?: number; title: string; width?: number }): HTMLElement {
  // Drawn at the size it is shown (the box's width in CSS pixels), so its labels keep their size on a phone.
  const width = Math.round(Math.min(Math.max(options.width ?? 640, 260), 1200));
  const height = Math.round(Math.min(240, Math.max(160, width * 0.34)));
  const pad = { left: 40, right: 12, top: 12, bottom: 28 };
  const now = options.now ?? Date.now();
  if (points.length === 0) return h('p', { class: 'help-text' }, 'No signatures yet, so nothing to chart.');
  const times = points.map((p) => Date.parse(p.at));
  const start = times[0];
  const deadline = options.deadline ? Date.parse(options.deadline) : NaN;
  const end = Math.max(times[times.length - 1], Math.min(now, Number.isNaN(deadline) ? now : deadline), start + 60_000);
  const top = Math.max(options.threshold, ...points.map((p) => p.count), 1);
  const x = (t: number) => pad.left + ((t - start) / (end - start)) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / top) * (height - pad.top - pad.bottom);

  let path = `M${x(start).toFixed(1)},${y(0).toFixed(1)}`;
  let last = 0;
  points.forEach((point, index) => {
    const px = x(times[index]).toFixed(1);
    path += ` L${px},${y(last).toFixed(1)} L${px},${y(point.count).toFixed(1)}`;
    last = point.count;
  });
  path += ` L${x(end).toFixed(1)},${y(last).toFixed(1)}`;

  const titleId = uniqueId('chart-title');
  const descId = uniqueId('chart-desc');
  const peak = Math.max(...points.map((p) => p.count));
  const summary = `From ${EXACT.format(start)} to ${EXACT.format(end)}: ${last} now, ${peak} at most${options.threshold > 0 ? `, threshold ${options.threshold}` : ''}.`;
  const ticks = [0, Math.round(top / 2), top];
  const axis = end - start < SHORT_RANGE_MS ? TIME : DAY;
  const chart = svg(
    'svg',
    { class: 'tally-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}` },
    svg('title', { id: titleId }, options.title),
    svg('desc', { id: descId }, summary),
    ...ticks.map((n) => svg('line', { class: 'tally-chart__grid', x1: pad.left, x2: width - pad.right, y1: y(n), y2: y(n) })),
    ...ticks.map((n) => svg('text', { class: 'tally-chart__label', x: pad.left - 6, y: y(n) + 4, 'text-anchor': 'end' }, String(n))),
    svg('text', { class: 'tally-chart__label', x: pad.left, y: height - 8 }, axis.format(start)),
    svg('text', { class: 'tally-chart__label', x: width - pad.right, y: height - 8, 'text-anchor': 'end' }, axis.format(end)),
    ...(options.threshold > 0
      ? [
          svg('line', { class: 'tally-chart__threshold', x1: pad.left, x2: width - pad.right, y1: y(options.threshold), y2: y(options.threshold) }),
          svg('text', { class: 'tally-chart__label tally-chart__label--threshold', x: width - pad.right, y: y(options.threshold) - 4, 'text-anchor': 'end' }, `threshold ${options.threshold}`),
        ]
      : []),
    ...(!Number.isNaN(deadline) && deadline <= end
      ? [svg('line', { class: 'tally-chart__deadline', x1: x(deadline), x2: x(deadline), y1: pad.top, y2: height - pad.bottom })]
      : []),
    svg('path', { class: 'tally-chart__line', d: path }),
  );
  return h('figure', { class: 'tally-chart-figure' }, chart, h('figcaption', { class: 'help-text' }, summary));
}

/** How often a tally is re-read when the live stream is unavailable (no cookie, a proxy that buffers). */
export const POLL_MS = 15_000;

/**
 * Follows a server-sent-events stream of tallies (`/api/documents/:id/tally/events`
 * or `/api/tally/events`). EventSource sends the session cookie set at sign-in;
 * when the stream is refused or drops for good, `poll` is called every
 * `POLL_MS` instead, and the stream is tried again now and then.
 */
export class LiveTally<T = DocumentTally | TallyChange> {
  private source: EventSource | null = null;
  private pollTimer = 0;
  private retryTimer = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onTally: (tally: T) => void,
    private readonly poll: () => void,
  ) {
    this.connect();
  }

  private connect(): void {
    if (this.closed) return;
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    source.addEventListener('tally', (event) => {
      window.clearInterval(this.pollTimer);
      this.pollTimer = 0;
      try {
        this.onTally(JSON.parse((event as MessageEvent<string>).data) as T);
      } catch {
        // A malformed event is skipped; the next one carries the whole tally again.
      }
    });
    source.addEventListener('end', () => this.fallBack());
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) this.fallBack();
    });
  }

  private fallBack(): void {
    this.source?.close();
    this.source = null;
    if (this.closed) return;
    if (this.pollTimer === 0) this.pollTimer = window.setInterval(() => this.poll(), POLL_MS);
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), POLL_MS * 4);
  }

  /** Stops following. */
  close(): void {
    this.closed = true;
    this.source?.close();
    window.clearInterval(this.pollTimer);
    window.clearTimeout(this.retryTimer);
  }
}
