/**
 * The upper bound's beam: per allocation, the best few entries of one epoch by value, plus the
 * best one with no cash still locked (locked cash cannot be spent yet, so a slightly lower free
 * entry may do better later). Kept apart from the search so the skip test (`excludes`) can be
 * checked against what `accepts` decides.
 */
export class Beam<E extends { readonly s: number }> {
  private readonly top = new Map<number, { e: E; v: number }[]>();
  private readonly free = new Map<number, { e: E; v: number }>();
  /** Some entry was turned away (the search is then no longer exhaustive for its grid). */
  pruned = false;
  constructor(private readonly width: number) {}

  accepts(s: number, v: number, free: boolean): boolean {
    const list = this.top.get(s);
    if (list === undefined || list.length < this.width || v > (list[list.length - 1] as { v: number }).v) return true;
    if (free && v > (this.free.get(s)?.v ?? Number.NEGATIVE_INFINITY)) return true;
    this.pruned = true;
    return false;
  }

  /**
   * True when `accepts(s, v, free)` is false for every v <= `ceiling` (and `free` false unless
   * `mayBeFree`): the beam at `s` is full of entries worth at least the ceiling, and so is its
   * best free entry if the candidate may be free. A move whose value cannot exceed the ceiling
   * need not be costed at all.
   * @example a beam of width 1 holding a free entry worth 10 at s excludes (s, 10, true) but not (s, 10.5, true)
   */
  excludes(s: number, ceiling: number, mayBeFree: boolean): boolean {
    const list = this.top.get(s);
    if (list === undefined || list.length < this.width || ceiling > (list[list.length - 1] as { v: number }).v) return false;
    if (!mayBeFree) return true;
    const best = this.free.get(s);
    return best !== undefined && ceiling <= best.v;
  }

  offer(e: E, v: number, free: boolean): void {
    if (free && v > (this.free.get(e.s)?.v ?? Number.NEGATIVE_INFINITY)) this.free.set(e.s, { e, v });
    const list = this.top.get(e.s) ?? [];
    let at = list.length;
    while (at > 0 && (list[at - 1] as { v: number }).v < v) at--;
    if (at >= this.width) {
      this.pruned = true;
      this.top.set(e.s, list);
      return;
    }
    list.splice(at, 0, { e, v });
    if (list.length > this.width) {
      list.pop();
      this.pruned = true;
    }
    this.top.set(e.s, list);
  }

  entries(): E[] {
    const out: E[] = [];
    for (const [s, list] of this.top) {
      for (const x of list) out.push(x.e);
      const f = this.free.get(s);
      if (f !== undefined && !list.some((x) => x.e === f.e)) out.push(f.e);
    }
    return out;
  }
}
