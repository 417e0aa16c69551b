/**
 * Each person's colour for cursors and the presence list, derived from their
 * user id so it is the same on every screen and every visit. Every colour
 * carries white text at a contrast of at least 4.5:1 (y-prosemirror also
 * requires six-digit hex).
 */
export const USER_COLORS = [
  '#b42318', '#1d5fa8', '#0b6e4f', '#7a3fb0', '#9a4a00', '#0e6577',
  '#a3226a', '#4a6300', '#4f46b8', '#85522a', '#006d6d', '#9b2c4c',
  '#2f5d8a', '#6b4fa0', '#8a3b12', '#2e6b30',
] as const;

/** The colour for `userId` (FNV-1a hash of the id into `USER_COLORS`). */
export function colorForUser(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length];
}

/** Initials for an avatar dot: "Rosa Luxemburg" -> "RL". */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}
