// The guided tour of the demo (driver.js, https://driverjs.com): image → prediction → Grad-CAM → another
// class → LIME → compare → train. Steps target data-testid hooks; a step whose element is missing (no
// image yet, a narrow layout) shows its text in the middle of the screen instead (driver.js's own fallback),
// so the tour never stops half-way.
import { driver, type Driver, type DriveStep } from 'driver.js';
import 'driver.js/dist/driver.css';
import { t } from '../../shared/i18n';

/** The tour's steps: the catalogue key under teach:tour.steps and the element each highlights. */
export const TOUR_STEPS = [
  { id: 'image', selector: '[data-testid="thumb"][aria-selected="true"], [data-testid="thumb"]' },
  { id: 'prediction', selector: '[data-testid="prob-chart"]' },
  { id: 'gradCam', selector: '[data-testid="heatmap"], .viewer' },
  { id: 'otherClass', selector: '[data-testid="class-select"]' },
  { id: 'limeStep', selector: '[data-testid="method-select"]' },
  { id: 'compare', selector: '[data-testid="tab-compare"]' },
  { id: 'train', selector: '[data-testid="view-train"]' },
] as const;

let active: Driver | null = null;

/** The element a step highlights, or undefined (driver.js then centres the popover). */
function find(selector: string): Element | undefined {
  return document.querySelector(selector) ?? undefined;
}

/** Starts (or restarts) the tour from its first step. Returns the driver, for tests and for skipping. */
export function startTour(): Driver {
  active?.destroy();
  const steps: DriveStep[] = TOUR_STEPS.map((s) => ({
    // A function: looked up when the step is shown, so it finds what the previous step made appear.
    element: (() => find(s.selector)) as () => Element,
    popover: {
      title: t(`teach:tour.steps.${s.id}.title`),
      description: t(`teach:tour.steps.${s.id}.body`),
      popoverClass: `tour-step tour-step-${s.id}`,
    },
  }));
  const d = driver({
    steps,
    showProgress: true,
    allowClose: true,
    animate: false,
    smoothScroll: false,
    nextBtnText: t('teach:tour.next'),
    prevBtnText: t('teach:tour.prev'),
    doneBtnText: t('teach:tour.done'),
    progressText: t('teach:tour.progress', { current: '{{current}}', total: '{{total}}' }),
    onDestroyed: () => {
      if (active === d) active = null;
    },
  });
  active = d;
  d.drive();
  return d;
}

/** Ends the tour if it runs. */
export function stopTour(): void {
  active?.destroy();
  active = null;
}
