// Stratified train / validation / test split of a labelled set, fixed by a seed: each label's
// examples are shuffled and cut by the fractions, so every split has every label in about the
// corpus's proportions. With groups (e.g. the source text of a passage) whole groups are assigned,
// so no group has examples on both sides of a split. Leaves out k-fold cross-validation.
import { Rng } from '../nn/random.ts';

export interface SplitOptions {
  valFraction: number;
  testFraction: number;
  seed: number;
  /** One group id per example; a group goes to one split whole (all its examples need one label). */
  groups?: ArrayLike<string | number>;
}

export interface StratifiedSplit {
  /** Example indices, in increasing order. */
  train: number[];
  val: number[];
  test: number[];
  seed: number;
}

export class SplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SplitError';
  }
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Group id → example indices, per label; refuses a group whose examples carry two labels. */
function groupsByLabel(labels: ArrayLike<string>, groups: ArrayLike<string | number> | undefined): Map<string, number[][]> {
  const members = new Map<string | number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const g = groups ? groups[i]! : i;
    const list = members.get(g) ?? [];
    if (list.length && labels[list[0]!] !== labels[i]) throw new SplitError(`group ${JSON.stringify(g)} has examples labelled "${labels[list[0]!]}" and "${labels[i]}"; a group needs one label`);
    list.push(i);
    members.set(g, list);
  }
  const out = new Map<string, number[][]>();
  for (const list of members.values()) {
    const label = labels[list[0]!]!;
    out.set(label, [...(out.get(label) ?? []), list]);
  }
  return out;
}

export function stratifiedSplit(labels: ArrayLike<string>, opts: SplitOptions): StratifiedSplit {
  const { valFraction, testFraction, seed } = opts;
  if (!(valFraction > 0 && testFraction > 0 && valFraction + testFraction < 1)) throw new SplitError(`valFraction and testFraction must be > 0 with a sum below 1, got ${valFraction} and ${testFraction}`);
  if (opts.groups && opts.groups.length !== labels.length) throw new SplitError(`${opts.groups.length} group ids for ${labels.length} examples`);
  const byLabel = groupsByLabel(labels, opts.groups);
  if (byLabel.size < 2) throw new SplitError(`a classifier needs at least two labels; the corpus has ${byLabel.size === 0 ? 'none' : `only "${[...byLabel.keys()][0]}"`}`);
  const rng = new Rng(seed);
  const split: StratifiedSplit = { train: [], val: [], test: [], seed };
  for (const label of [...byLabel.keys()].sort()) {
    const units = shuffle(byLabel.get(label)!, rng);
    const total = units.reduce((n, u) => n + u.length, 0);
    const what = opts.groups ? 'groups' : 'examples';
    if (units.length < 3) throw new SplitError(`label "${label}" has ${units.length} ${what}; it needs at least 3 to have examples in train, validation and test`);
    // Whole units go to test, then validation, until each reaches its share (at least one unit each).
    let at = 0;
    for (const [part, fraction] of [['test', testFraction], ['val', valFraction]] as const) {
      let n = 0;
      while (at < units.length - 1 && (n === 0 || n + units[at]!.length / 2 <= fraction * total)) {
        n += units[at]!.length;
        split[part].push(...units[at++]!);
      }
    }
    for (; at < units.length; at++) split.train.push(...units[at]!);
  }
  for (const part of ['train', 'val', 'test'] as const) split[part].sort((a, b) => a - b);
  return split;
}
