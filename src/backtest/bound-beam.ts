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
   * The value a move into `s` must beat to be accepted: `accepts(s, v, free)` is false for
   * every v <= this floor (and `free` false unless `mayBeFree`). −∞ while the beam at `s` is not
   * full, or (for a candidate that may be free) holds no free entry yet. A move whose value
   * cannot exceed the floor need not be costed at all.
   * @example a beam of width 1 holding a free entry worth 10 at s: floor(s, true) === 10
   */
  floor(s: number, mayBeFree: boolean): number {
    const list = this.top.get(s);
    if (list === undefined || list.length < this.width) return Number.NEGATIVE_INFINITY;
    const last = (list[list.length - 1] as { v: number }).v;
    if (!mayBeFree) return last;
    return Math.min(last, this.free.get(s)?.v ?? Number.NEGATIVE_INFINITY);
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
