import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { referenceActions, referenceOf } from '../../state/referenceController';
import type { ReferenceRegion, RegionShape } from '../../shared/region';
import type { ImageInfo } from '../../shared/types';

/** Tint inside the region and its edge (drawn over any colormap: a light edge with a dark halo). */
const FILL: [number, number, number, number] = [56, 189, 248, 60];
const EDGE: [number, number, number, number] = [255, 255, 255, 255];
const HALO: [number, number, number, number] = [15, 23, 42, 200];
/** A click this close (CSS px) to the first vertex closes the polygon. */
const CLOSE_PX = 12;

function fillShapes(ctx: OffscreenCanvasRenderingContext2D, shapes: readonly RegionShape[], sx: number, sy: number): void {
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#fff';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const s of shapes) {
    ctx.setTransform(sx, 0, 0, sy, 0, 0);
    if (s.kind === 'polygon') {
      ctx.beginPath();
      for (let i = 0; i < s.points.length; i += 2) ctx.lineTo(s.points[i], s.points[i + 1]);
      ctx.closePath();
      ctx.fill('evenodd');
    } else if (s.kind === 'stroke') {
      ctx.beginPath();
      if (s.points.length === 2) {
        ctx.arc(s.points[0], s.points[1], s.radius, 0, 2 * Math.PI);
        ctx.fill();
      } else {
        ctx.lineWidth = 2 * s.radius;
        for (let i = 0; i < s.points.length; i += 2) ctx.lineTo(s.points[i], s.points[i + 1]);
        ctx.stroke();
      }
    } else {
      const m = new OffscreenCanvas(s.width, s.height);
      const mc = m.getContext('2d')!;
      const px = mc.createImageData(s.width, s.height);
      for (let i = 0; i < s.data.length; i++) if (s.data[i]) px.data.set([255, 255, 255, 255], i * 4);
      mc.putImageData(px, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(m, 0, 0, ctx.canvas.width, ctx.canvas.height);
    }
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** Draws the union of `shapes` on `canvas`: a light tint inside, a white edge with a dark halo around it. */
function drawRegion(canvas: HTMLCanvasElement, imageW: number, imageH: number, shapes: readonly RegionShape[]): void {
  const w = canvas.width;
  const h = canvas.height;
  const ctx = canvas.getContext('2d');
  if (!ctx || !w || !h) return;
  ctx.clearRect(0, 0, w, h);
  if (!shapes.length) return;
  const off = new OffscreenCanvas(w, h);
  const oc = off.getContext('2d', { willReadFrequently: true })!;
  fillShapes(oc, shapes, w / imageW, h / imageH);
  const inside = oc.getImageData(0, 0, w, h).data;
  const out = ctx.createImageData(w, h);
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && inside[(y * w + x) * 4 + 3] > 127;
  const edgeWidth = Math.max(1, Math.round(w / 300));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 4;
      const inHere = at(x, y);
      let near = false;
      // Within edgeWidth of the other side: the edge (inside) or its halo (outside).
      for (let d = 1; d <= edgeWidth && !near; d++) near = at(x - d, y) !== inHere || at(x + d, y) !== inHere || at(x, y - d) !== inHere || at(x, y + d) !== inHere;
      const c = near ? (inHere ? EDGE : HALO) : inHere ? FILL : null;
      if (c) out.data.set(c, o);
    }
  }
  ctx.putImageData(out, 0, 0);
}

/** The polygon being drawn: its edges, a dashed line to the pointer, and its vertices (the first one larger). */
function drawDraft(canvas: HTMLCanvasElement, imageW: number, imageH: number, points: readonly number[], cursor: [number, number] | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx || points.length < 2) return;
  const sx = canvas.width / imageW;
  const sy = canvas.height / imageH;
  const dpr = canvas.width / Math.max(1, canvas.clientWidth);
  ctx.lineWidth = 2 * dpr;
  ctx.strokeStyle = '#fff';
  ctx.shadowColor = 'rgba(15, 23, 42, 0.9)';
  ctx.shadowBlur = 3 * dpr;
  ctx.beginPath();
  for (let i = 0; i < points.length; i += 2) ctx.lineTo(points[i] * sx, points[i + 1] * sy);
  ctx.stroke();
  if (cursor) {
    ctx.setLineDash([5 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(points[points.length - 2] * sx, points[points.length - 1] * sy);
    ctx.lineTo(cursor[0] * sx, cursor[1] * sy);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.fillStyle = '#fff';
  for (let i = 0; i < points.length; i += 2) {
    ctx.beginPath();
    ctx.arc(points[i] * sx, points[i + 1] * sy, (i === 0 ? 5 : 3) * dpr, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.shadowBlur = 0;
}

/**
 * The reference region drawn over the image ("where would you look?"), and, when a tool is chosen and
 * `interactive`, the surface the person draws on with a mouse, pen or finger (pointer events). Covers the
 * whole image inside the .stage (absolutely positioned, inset 0) and works in the image's own pixel
 * coordinates, measured from its on-screen box, so it follows the stage however it is sized or zoomed.
 */
export function ReferenceOverlay({ image, interactive = false }: { image: ImageInfo; interactive?: boolean }) {
  const { t } = useTranslation('reference');
  const region: ReferenceRegion | null = useStudio((s) => referenceOf(s, image));
  const tool = useStudio((s) => (interactive ? s.referenceTool : 'none'));
  const brushRadius = useStudio((s) => s.brushRadius);
  const draft = useStudio((s) => (interactive && s.polygonDraft?.imageId === image.id ? s.polygonDraft.points : null));
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<[number, number]>([0, 0]);
  // The brush stroke under way (image pixels), drawn before it joins the region on release.
  const stroke = useRef<number[] | null>(null);
  const cursor = useRef<[number, number] | null>(null);
  const frame = useRef(0);

  useEffect(() => {
    const c = canvasRef.current;
    if (!c) return;
    const measure = () => {
      const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
      // Not beyond the image's own resolution x dpr, nor 1024 px: enough for a sharp edge, cheap to redraw.
      const w = Math.max(1, Math.min(1024, Math.round(c.clientWidth * dpr)));
      const h = Math.max(1, Math.round((w * image.height) / image.width));
      setSize((old) => (old[0] === w && old[1] === h ? old : [w, h]));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(c);
    return () => ro.disconnect();
  }, [image.width, image.height]);

  const redraw = useCallback(() => {
    frame.current = 0;
    const c = canvasRef.current;
    if (!c || !c.width) return;
    const shapes: RegionShape[] = [...(region?.shapes ?? [])];
    if (region?.source === 'ground-truth' && stroke.current) shapes.length = 0;
    if (stroke.current) shapes.push({ kind: 'stroke', points: stroke.current, radius: brushRadius * Math.min(image.width, image.height) });
    drawRegion(c, image.width, image.height, shapes);
    if (draft) drawDraft(c, image.width, image.height, draft, cursor.current);
  }, [region, draft, brushRadius, image.width, image.height]);

  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(redraw);
  }, [redraw]);

  useEffect(() => {
    redraw();
  }, [redraw, size]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  /** The pointer's position in the image's pixels (from the overlay's on-screen box, so zoom and pan are accounted for). */
  const toImage = (e: React.PointerEvent | React.MouseEvent): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * image.width;
    const y = ((e.clientY - r.top) / r.height) * image.height;
    return [Math.min(image.width, Math.max(0, x)), Math.min(image.height, Math.max(0, y))];
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (tool === 'none' || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    // Focus the drawing surface (the press's default is prevented), so Enter and Escape reach it.
    e.currentTarget.focus({ preventScroll: true });
    const [x, y] = toImage(e);
    if (tool === 'brush') {
      try {
        // Keeps the stroke when the pointer leaves the image mid-drag; absent for some synthetic events.
        e.currentTarget.setPointerCapture(e.pointerId);
      } catch {
        /* the stroke still works while the pointer stays on the image */
      }
      stroke.current = [x, y];
      schedule();
      return;
    }
    // Polygon: a press adds a vertex; one near the first vertex closes it.
    if (draft && draft.length >= 6) {
      const r = e.currentTarget.getBoundingClientRect();
      const dx = ((x - draft[0]) / image.width) * r.width;
      const dy = ((y - draft[1]) / image.height) * r.height;
      if (Math.hypot(dx, dy) <= CLOSE_PX) {
        referenceActions.closePolygon(image);
        return;
      }
    }
    referenceActions.addVertex(image.id, x, y);
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (tool === 'brush' && stroke.current) {
      const [x, y] = toImage(e);
      const s = stroke.current;
      // Keep points about a quarter of the radius apart: smooth enough, and few to score.
      const step = (brushRadius * Math.min(image.width, image.height)) / 4;
      if (Math.hypot(x - s[s.length - 2], y - s[s.length - 1]) >= step) s.push(x, y);
      schedule();
    } else if (tool === 'polygon' && draft) {
      cursor.current = toImage(e);
      schedule();
    }
  };

  const endStroke = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!stroke.current) return;
    const [x, y] = toImage(e);
    const s = stroke.current;
    if (s.length >= 2 && (s[s.length - 2] !== x || s[s.length - 1] !== y) && e.type === 'pointerup') s.push(x, y);
    stroke.current = null;
    referenceActions.addShape(image, { kind: 'stroke', points: s, radius: brushRadius * Math.min(image.width, image.height) });
  };

  const drawing = tool !== 'none';
  return (
    <canvas
      ref={canvasRef}
      className={`reference-overlay${drawing ? ' drawing' : ''}`}
      data-testid={interactive ? 'reference-overlay' : 'reference-overlay-small'}
      data-region={region ? region.source : 'none'}
      data-shapes={region?.shapes.length ?? 0}
      width={size[0]}
      height={size[1]}
      aria-label={drawing ? (tool === 'brush' ? t('overlayBrush') : t('overlayPolygon')) : undefined}
      aria-hidden={drawing ? undefined : true}
      role={drawing ? 'application' : undefined}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endStroke}
      onPointerCancel={endStroke}
      tabIndex={drawing ? 0 : undefined}
      onKeyDown={(e) => {
        // Polygon: Enter closes it, Escape drops it.
        if (!draft) return;
        if (e.key === 'Enter') referenceActions.closePolygon(image);
        else if (e.key === 'Escape') referenceActions.cancelPolygon();
        else return;
        e.preventDefault();
      }}
      onDoubleClick={() => tool === 'polygon' && referenceActions.closePolygon(image)}
      onPointerLeave={() => {
        cursor.current = null;
        schedule();
      }}
    />
  );
}
