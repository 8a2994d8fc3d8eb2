// Keeping focus where the person is when an action replaces the part of the page that had it (WCAG 2.4.3).

/** The Explain view's heading: where focus goes when an action opens an image or a method in that view. */
export const EXPLAIN_HEADING = 'section.viewer .panel-head h2';

/**
 * Moves focus to the first element matching `selector` once React has rendered it (polls animation frames,
 * up to about a second). An element that is not focusable by nature gets tabindex="-1" first, so it can take
 * focus without joining the Tab order. Does nothing if the element never appears.
 */
export function focusSoon(selector: string, frames = 60): void {
  const tryFocus = (left: number) => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) {
      if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
      el.focus();
      return;
    }
    if (left > 0) requestAnimationFrame(() => tryFocus(left - 1));
  };
  requestAnimationFrame(() => tryFocus(frames));
}
