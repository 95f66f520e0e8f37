/**
 * Shuffles that keep groups of rows together: a person's rows in a long
 * table must fall on one side of a split (fitted or released, member or
 * not), or the other side has seen that person.
 */
import type { Random } from './random.js';

/**
 * Row indices in a random order that keeps each group's rows together (one
 * shuffle of the groups), with the positions where a group starts; with no
 * groups, a shuffle of the rows, each its own group.
 */
export function unitOrder(
  rows: number, rng: Random, groups: Int32Array | null = null,
): { order: Int32Array; starts: number[] | null } {
  if (groups === null) return { order: rng.permutation(rows), starts: null };
  const count = groups.reduce((most, group) => Math.max(most, group + 1), 0);
  const members: number[][] = Array.from({ length: count }, () => []);
  groups.forEach((group, i) => members[group].push(i));
  const order = new Int32Array(rows);
  const starts = [0];
  let k = 0;
  for (const group of rng.permutation(count)) {
    for (const i of members[group]) order[k++] = i;
    starts.push(k);
  }
  return { order, starts };
}

/** The group start nearest to `count` (ties to the smaller), or count itself without groups. */
export function cutAt(starts: number[] | null, count: number): number {
  if (starts === null) return count;
  return starts.reduce((best, start) =>
    (Math.abs(start - count) < Math.abs(best - count) ? start : best), starts[0]);
}
