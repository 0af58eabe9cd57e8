/**
 * Replaces the entries of the elements `old` in `table`, a map by id, with those of `now`. An id
 * both have is set over, not deleted and added again: in V8, deleting a few keys of a large Map and
 * adding them back costs in proportion to its size (about 50 µs for five keys of 27,000, against
 * 0.1 µs to set them over), and a keystroke in a host replaces its elements under the same ids.
 */
export function replaceEntries(table: Map<string, unknown>, old: readonly { id: string }[], now: readonly { id: string }[]): void {
  const ids = new Set(now.map((element) => element.id));
  for (const element of old) if (!ids.has(element.id)) table.delete(element.id);
  for (const element of now) table.set(element.id, element);
}
