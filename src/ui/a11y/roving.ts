// Keyboard patterns of the WAI-ARIA Authoring Practices (APG) with a roving tabindex: one item of a
// composite widget is in the Tab order, arrow keys, Home and End move focus among its items.
// https://www.w3.org/WAI/ARIA/apg/practices/keyboard-interface/#kbd_roving_tabindex
import type React from 'react';

/**
 * The index focus moves to for a key, or null when the key is not a navigation key.
 * @param key KeyboardEvent.key
 * @param i the focused item's index (0-based); n the number of items (0 gives null)
 * @param orientation which arrow keys move: 'horizontal' (Left/Right), 'vertical' (Up/Down) or 'both'
 * Home/End go to the first/last item; arrows wrap around at the ends (APG: optional, used for tabs).
 */
export function rovingIndex(key: string, i: number, n: number, orientation: 'horizontal' | 'vertical' | 'both'): number | null {
  if (n <= 0) return null;
  const prev = orientation === 'horizontal' ? ['ArrowLeft'] : orientation === 'vertical' ? ['ArrowUp'] : ['ArrowLeft', 'ArrowUp'];
  const next = orientation === 'horizontal' ? ['ArrowRight'] : orientation === 'vertical' ? ['ArrowDown'] : ['ArrowRight', 'ArrowDown'];
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  if (prev.includes(key)) return (i - 1 + n) % n;
  if (next.includes(key)) return (i + 1) % n;
  return null;
}

/**
 * onKeyDown for an element with role="tablist" whose tabs are buttons with role="tab" (give the selected tab
 * tabIndex 0 and the others -1): Left/Right (and Up/Down), Home and End move focus to a tab and activate it
 * (APG "tabs with automatic activation": switching a view here is immediate).
 */
export function tablistKeyDown(e: React.KeyboardEvent<HTMLElement>): void {
  const tabs = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
  const i = tabs.indexOf(e.target as HTMLElement);
  if (i < 0) return;
  const j = rovingIndex(e.key, i, tabs.length, 'both');
  if (j === null) return;
  e.preventDefault();
  tabs[j].focus();
  tabs[j].click();
}
