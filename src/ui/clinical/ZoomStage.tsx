import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { cropBox } from '../../shared/geometry';
import { LANGUAGE_TAGS, currentLanguage } from '../../shared/i18n';
import type { Attribution, ImageInfo, ModelSummary, WindowLevel } from '../../shared/types';
import { LatestOnly } from './latestOnly';
import { readPixel } from './clinicalApi';
import { requestDisplay, useClinicalView, useShownDisplay } from './displayState';
import {
  FIT,
  ZOOM_STEP,
  dragWindow,
  formatNumber,
  formatPixel,
  mapValueAt,
  panBy,
  viewportToImage,
  wheelFactor,
  windowSensitivity,
  zoomAt,
  type ViewTransform,
} from './viewMath';
import './clinical.css';

interface Props {
  image: ImageInfo;
  model: ModelSummary | null;
  /** The map shown over the image, if any: the readout gives its value under the pointer. */
  attribution: Attribution | null;
  /** Shown over the viewport without zooming (the progress pill). */
  fixed?: ReactNode;
  /** The image and its overlays: absolutely positioned inside the stage, they zoom and pan together. */
  children: ReactNode;
}

/** A drag in progress: panning the stage, or adjusting the window (left-drag with the W/L tool, or right-drag). */
type Drag =
  | { kind: 'pan'; id: number; x0: number; y0: number; t0: ViewTransform; moved: boolean }
  | { kind: 'wl'; id: number; x0: number; y0: number; w0: WindowLevel; moved: boolean };

interface Readout {
  imageId: string;
  /** The frame the value was read from (a new frame has new values). */
  frame: number;
  x: number;
  y: number;
  /** The value(s) at (x, y): modality units for clinical images, RGB for others; undefined while asked, null if unknown. */
  raw: number[] | null | undefined;
}

/** Movement (CSS px) before a press becomes a drag: a click on an overlay stays a click. */
const DRAG_THRESHOLD = 3;

/**
 * The image stage with zoom and pan (wheel, pinch, +/- buttons, keyboard; drag pans), the window/level
 * drag for clinical images (right-drag, or left-drag with the W/L tool: horizontal = width, vertical =
 * center), and a readout of the pixel value and the attribution value under the pointer. Everything in
 * `children` (image, heatmap, other overlays) is inside one transformed element, so it moves together.
 */
export function ZoomStage({ image, model, attribution, fixed, children }: Props) {
  const { t: tr } = useTranslation('clinical');
  const viewport = useRef<HTMLDivElement>(null);
  // The transform in fractions of the viewport (translate % of the stage's own size), kept per image.
  const [view, setView] = useState<{ imageId: string; t: ViewTransform }>({ imageId: image.id, t: FIT });
  const t = view.imageId === image.id ? view.t : FIT;
  const setT = (f: (t: ViewTransform) => ViewTransform) => setView((v) => ({ imageId: image.id, t: f(v.imageId === image.id ? v.t : FIT) }));
  const wlTool = useClinicalView((s) => s.wlTool);
  const display = useShownDisplay(image);
  const clinical = image.clinical;
  const drag = useRef<Drag | null>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ d0: number; t0: ViewTransform } | null>(null);
  const [readout, setReadout] = useState<Readout | null>(null);
  const frame = image.clinical?.display.frame ?? 0;
  const shownReadout = readout?.imageId === image.id && readout.frame === frame ? readout : null;
  const box = useMemo(() => (model ? cropBox(image.width, image.height, model.preprocessing.resize) : { x: 0, y: 0, w: image.width, h: image.height }), [image, model]);
  // The map value is read at render time, so a map that arrives while the pointer rests is read too.
  const pixelText = shownReadout ? formatPixel(shownReadout.raw ?? null, clinical?.units ?? '') : '';
  const mapValue = shownReadout && attribution ? mapValueAt(attribution, shownReadout.x, shownReadout.y, box) : null;

  // Values under the pointer come from the worker for clinical images, one request at a time.
  const latest = useRef({ imageId: image.id, x: -1, y: -1 });
  const pixelQueue = useRef<LatestOnly<{ imageId: string; frame: number; x: number; y: number }, number[] | null> | null>(null);
  if (!pixelQueue.current) {
    pixelQueue.current = new LatestOnly(
      (a) => readPixel(a.imageId, a.x, a.y),
      (values, a) => {
        const l = latest.current;
        if (a.imageId !== l.imageId || a.x !== l.x || a.y !== l.y) return;
        setReadout((r) => (r && r.imageId === a.imageId && r.frame === a.frame && r.x === a.x && r.y === a.y ? { ...r, raw: values } : r));
      },
    );
  }

  // Wheel and trackpad pinch (ctrl + wheel) zoom about the pointer; React's wheel listener is passive, so
  // this one is added by hand. tRef holds the transform as of the last event (several wheel events may
  // arrive before React renders).
  const tRef = useRef({ imageId: image.id, t });
  tRef.current = { imageId: image.id, t };
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const r = el.getBoundingClientRect();
      const f = wheelFactor(e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY);
      const cur = tRef.current.imageId === image.id ? tRef.current.t : FIT;
      const next = zoomAt(cur, f, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height, 1, 1);
      // Scrolling down at fit changes nothing: let the page scroll then.
      if (next.scale === cur.scale && next.tx === cur.tx && next.ty === cur.ty) return;
      e.preventDefault();
      tRef.current = { imageId: image.id, t: next };
      setView({ imageId: image.id, t: next });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [image.id]);

  const rect = () => viewport.current!.getBoundingClientRect();

  const updateReadout = (clientX: number, clientY: number) => {
    const r = rect();
    const p = viewportToImage(t, (clientX - r.left) / r.width, (clientY - r.top) / r.height, 1, 1, image.width, image.height);
    if (!p) {
      setReadout(null);
      return;
    }
    if (shownReadout && shownReadout.x === p.x && shownReadout.y === p.y) return;
    latest.current = { imageId: image.id, x: p.x, y: p.y };
    if (clinical) {
      setReadout({ imageId: image.id, frame, x: p.x, y: p.y, raw: undefined });
      pixelQueue.current!.push({ imageId: image.id, frame, x: p.x, y: p.y });
    } else {
      // 8-bit images: the RGB of the preview the page holds (the preview is the image, downscaled to <= 512 px).
      const pv = image.preview;
      const px = Math.min(pv.width - 1, Math.floor((p.x * pv.width) / image.width));
      const py = Math.min(pv.height - 1, Math.floor((p.y * pv.height) / image.height));
      const i = (py * pv.width + px) * 4;
      const raw = [pv.data[i], pv.data[i + 1], pv.data[i + 2]];
      setReadout({ imageId: image.id, frame, x: p.x, y: p.y, raw });
    }
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.defaultPrevented) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      // Two fingers: pinch zoom (and drop any one-finger drag).
      const [a, b] = [...pointers.current.values()];
      pinch.current = { d0: Math.hypot(a.x - b.x, a.y - b.y) || 1, t0: t };
      drag.current = null;
      return;
    }
    const wl = clinical && display && (e.button === 2 || (e.button === 0 && wlTool));
    if (wl) drag.current = { kind: 'wl', id: e.pointerId, x0: e.clientX, y0: e.clientY, w0: display.window, moved: false };
    else if (e.button === 0) drag.current = { kind: 'pan', id: e.pointerId, x0: e.clientX, y0: e.clientY, t0: t, moved: false };
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const p = pinch.current;
    if (p && pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      const r = rect();
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      const mx = ((a.x + b.x) / 2 - r.left) / r.width;
      const my = ((a.y + b.y) / 2 - r.top) / r.height;
      setT(() => zoomAt(p.t0, d / p.d0, mx, my, 1, 1));
      return;
    }
    const d = drag.current;
    if (d && d.id === e.pointerId) {
      const dx = e.clientX - d.x0;
      const dy = e.clientY - d.y0;
      if (!d.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      if (!d.moved) {
        d.moved = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }
      if (d.kind === 'pan') {
        const r = rect();
        setT(() => panBy(d.t0, dx / r.width, dy / r.height, 1, 1));
      } else if (clinical && display) {
        requestDisplay(image.id, { ...display, window: dragWindow(d.w0, dx, dy, windowSensitivity(clinical.valueRange)) });
      }
    }
    if (e.pointerType !== 'touch' || !drag.current) updateReadout(e.clientX, e.clientY);
  };

  const endPointer = (e: ReactPointerEvent<HTMLDivElement>) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
    if (drag.current?.id === e.pointerId) drag.current = null;
  };

  const zoomButton = (f: number) => setT((cur) => zoomAt(cur, f, 0.5, 0.5, 1, 1));
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = 0.1 / t.scale;
    const keys: Record<string, () => void> = {
      '+': () => zoomButton(ZOOM_STEP),
      '=': () => zoomButton(ZOOM_STEP),
      '-': () => zoomButton(1 / ZOOM_STEP),
      '0': () => setT(() => FIT),
      ArrowLeft: () => setT((cur) => panBy(cur, step * cur.scale, 0, 1, 1)),
      ArrowRight: () => setT((cur) => panBy(cur, -step * cur.scale, 0, 1, 1)),
      ArrowUp: () => setT((cur) => panBy(cur, 0, step * cur.scale, 1, 1)),
      ArrowDown: () => setT((cur) => panBy(cur, 0, -step * cur.scale, 1, 1)),
    };
    const f = keys[e.key];
    if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      f();
    }
  };

  const wlActive = Boolean(clinical && wlTool);
  const zoomed = t.scale > 1;
  const units = clinical?.units ?? '';
  const zoomPercent = new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()], { style: 'percent', maximumFractionDigits: 0, useGrouping: false }).format(Math.round(t.scale * 100) / 100);

  return (
    <div className="zoom-frame">
      <div
        ref={viewport}
        className={`zoom-viewport${wlActive ? ' wl-mode' : zoomed ? ' pannable' : ''}`}
        style={{ aspectRatio: `${image.width} / ${image.height}`, touchAction: zoomed || wlActive ? 'none' : 'pan-y' }}
        data-testid="zoom-viewport"
        data-scale={t.scale.toFixed(3)}
        tabIndex={0}
        aria-label={zoomed ? tr('zoom.viewZoomed', { percent: zoomPercent }) : tr('zoom.view')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endPointer}
        onPointerCancel={endPointer}
        onPointerLeave={(e) => {
          if (!drag.current) setReadout(null);
          if (e.pointerType === 'touch') endPointer(e);
        }}
        onContextMenu={(e) => {
          if (clinical) e.preventDefault();
        }}
        onKeyDown={onKeyDown}
      >
        <div
          className={`stage${t.scale >= 3 ? ' pixelated' : ''}`}
          data-testid="stage"
          style={{ transform: `translate(${t.tx * 100}%, ${t.ty * 100}%) scale(${t.scale})` }}
        >
          {children}
        </div>
        {fixed}
      </div>
      <div className="zoom-toolbar" role="toolbar" aria-label={tr('zoom.toolbar')}>
        <button type="button" onClick={() => zoomButton(1 / ZOOM_STEP)} disabled={t.scale <= 1} aria-label={tr('zoom.out')} title={tr('zoom.outTitle')} data-testid="zoom-out">−</button>
        <output className="zoom-level" data-testid="zoom-level" aria-live="off">{zoomPercent}</output>
        <button type="button" onClick={() => zoomButton(ZOOM_STEP)} aria-label={tr('zoom.in')} title={tr('zoom.inTitle')} data-testid="zoom-in">+</button>
        <button type="button" onClick={() => setT(() => FIT)} disabled={!zoomed} title={tr('zoom.fitTitle')} data-testid="zoom-fit">{tr('zoom.fit')}</button>
        {clinical && (
          <button
            type="button"
            className="wl-tool"
            aria-pressed={wlTool}
            onClick={() => useClinicalView.setState({ wlTool: !wlTool })}
            title={tr('zoom.wlTitle')}
            data-testid="wl-tool"
          >
            {tr('zoom.wlDrag')}
          </button>
        )}
        <span className="muted zoom-hint">
          {/* a touch screen (coarse pointer) pinches where a mouse turns its wheel */}
          {tr(`zoom.${clinical ? (wlTool ? 'hintWl' : 'hintClinical') : 'hint'}${coarsePointer() ? 'Touch' : ''}`)}
        </span>
      </div>
      <p className="readout" data-testid="readout" aria-live="off" data-x={shownReadout?.x} data-y={shownReadout?.y} data-value={shownReadout?.raw?.join(',') ?? undefined} data-map={mapValue ?? undefined}>
        {shownReadout ? (
          <>
            <span>{tr('zoom.position', { x: shownReadout.x, y: shownReadout.y })}</span>
            <span data-testid="readout-value">{pixelText ? tr(clinical ? 'zoom.value' : 'zoom.pixel', { value: pixelText }) : shownReadout.raw === undefined ? tr('zoom.valuePending') : tr('zoom.valueUnknown')}</span>
            {attribution && <span>{mapValue === null ? tr('zoom.outsideCrop') : tr('zoom.attribution', { value: formatNumber(mapValue) })}</span>}
          </>
        ) : (
          <span className="muted">{tr(`zoom.${clinical ? (units ? 'pointValuesUnits' : 'pointValues') : 'pointPixels'}${attribution ? 'Map' : ''}`, { units })}</span>
        )}
      </p>
    </div>
  );
}

/** Whether the main pointer is a finger (touch screens): the hints then say pinch, not wheel. */
function coarsePointer(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
}
