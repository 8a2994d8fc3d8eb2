// Which progress milestones the live region announces (pure, tested in Node).

/** The progress shares announced once per run: often enough to know it moves, rarely enough not to chatter. */
export const MILESTONES = [0.25, 0.5, 0.75] as const;

/** The largest milestone reached by done/total that is above `last` (both 0…1), or null. */
export function milestoneReached(done: number, total: number, last: number): number | null {
  if (!(total > 0)) return null;
  const share = done / total;
  let hit: number | null = null;
  for (const m of MILESTONES) if (share >= m && m > last) hit = m;
  return hit;
}

