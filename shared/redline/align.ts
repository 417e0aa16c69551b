/**
 * The block alignment's longest common subsequence: Myers' O(ND) diff, step for
 * step as `diffArrays` of the `diff` package runs it (the same diagonals, the
 * same choice between an insertion and a deletion at every tie, the same pruning
 * at the edges), so every alignment, redline and line number stays what it was.
 * What differs is only the bookkeeping: no index arrays copied, no change object
 * per step and no value arrays built, only the equal runs, kept in flat arrays.
 * A 50,000-word base is aligned against a thousand amendments, twice each, so
 * that bookkeeping was a third of the whole redline's time.
 */

/** No path reaches this diagonal (the package's `undefined` in `bestPath`). */
const NO_PATH = -2;

/**
 * Appends to `out`, flat (base, amended, base, amended, ...), the index pairs
 * that the longest common subsequence under `matches` aligns between
 * [b0, b1) and [a0, a1): the pairs `diffArrays(range(b0, b1), range(a0, a1),
 * { comparator: matches })` reports as common, in order.
 */
export function alignPairs(b0: number, b1: number, a0: number, a1: number, matches: (b: number, a: number) => boolean, out: number[]): void {
  const oldLen = b1 - b0;
  const newLen = a1 - a0;
  if (oldLen === 0 || newLen === 0) return;
  // Equal runs, a linked list per path: run i pairs base b0 + runOld[i] + j with amended a0 + runOld[i] - runDiagonal[i] + j
  // for j < runCount[i], and follows run runPrev[i] (-1: none).
  const runOld: number[] = [];
  const runDiagonal: number[] = [];
  const runCount: number[] = [];
  const runPrev: number[] = [];
  // The best path on each diagonal k (index k + offset): how far it got in the base, and its last equal run.
  const offset = oldLen + newLen + 1;
  const pathOld = new Int32Array(2 * offset + 1).fill(NO_PATH);
  const pathRun = new Int32Array(2 * offset + 1).fill(-1);

  /** Follows the snake from the path on diagonal k; returns its new position in the amended text. */
  const extractCommon = (k: number): number => {
    let oldPos = pathOld[k + offset];
    let newPos = oldPos - k;
    let count = 0;
    while (newPos + 1 < newLen && oldPos + 1 < oldLen && matches(b0 + oldPos + 1, a0 + newPos + 1)) {
      newPos++;
      oldPos++;
      count++;
    }
    if (count > 0) {
      runOld.push(oldPos - count + 1);
      runDiagonal.push(k);
      runCount.push(count);
      runPrev.push(pathRun[k + offset]);
      pathRun[k + offset] = runOld.length - 1;
    }
    pathOld[k + offset] = oldPos;
    return newPos;
  };
  /** Appends the pairs of the path on diagonal k, which reached the end of both texts. */
  const finish = (k: number): void => {
    const runs: number[] = [];
    for (let run = pathRun[k + offset]; run !== -1; run = runPrev[run]) runs.push(run);
    for (let i = runs.length - 1; i >= 0; i--) {
      const run = runs[i];
      const b = b0 + runOld[run];
      const a = a0 + runOld[run] - runDiagonal[run];
      for (let j = 0; j < runCount[run]; j++) out.push(b + j, a + j);
    }
  };

  pathOld[offset] = -1;
  let newPos = extractCommon(0);
  if (pathOld[offset] + 1 >= oldLen && newPos + 1 >= newLen) return finish(0);
  let minDiagonal = -Infinity;
  let maxDiagonal = Infinity;
  for (let editLength = 1; editLength <= oldLen + newLen; editLength++) {
    for (let k = Math.max(minDiagonal, -editLength); k <= Math.min(maxDiagonal, editLength); k += 2) {
      const removeOld = pathOld[k - 1 + offset];
      const removeRun = pathRun[k - 1 + offset];
      const addOld = pathOld[k + 1 + offset];
      const addRun = pathRun[k + 1 + offset];
      // The package drops the path it branches a deletion from (bestPath[k - 1] = undefined); dropped here too, step for step.
      if (removeOld !== NO_PATH) pathOld[k - 1 + offset] = NO_PATH;
      const canAdd = addOld !== NO_PATH && addOld - k >= 0 && addOld - k < newLen;
      const canRemove = removeOld !== NO_PATH && removeOld + 1 < oldLen;
      if (!canAdd && !canRemove) {
        pathOld[k + offset] = NO_PATH;
        continue;
      }
      if (!canRemove || (canAdd && removeOld < addOld)) {
        pathOld[k + offset] = addOld;
        pathRun[k + offset] = addRun;
      } else {
        pathOld[k + offset] = removeOld + 1;
        pathRun[k + offset] = removeRun;
      }
      newPos = extractCommon(k);
      if (pathOld[k + offset] + 1 >= oldLen && newPos + 1 >= newLen) return finish(k);
      if (pathOld[k + offset] + 1 >= oldLen) maxDiagonal = Math.min(maxDiagonal, k - 1);
      if (newPos + 1 >= newLen) minDiagonal = Math.max(minDiagonal, k + 1);
    }
  }
}
