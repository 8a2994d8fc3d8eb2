import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type CamState = { kind: 'off' } | { kind: 'starting' } | { kind: 'live' } | { kind: 'error'; message: string; action?: string };

/** What getUserMedia's refusal means, in the studio's words (keys in the teach namespace). */
export function cameraProblem(err: unknown): { key: 'denied' | 'none' | 'failed'; reason: string } {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return { key: 'denied', reason: name };
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return { key: 'none', reason: name };
  return { key: 'failed', reason: err instanceof Error ? err.message || err.name : String(err) };
}

/**
 * Webcam capture into a class, as Teachable Machine users expect: a preview, and Capture adds the current
 * frame as a PNG file to the class (through the same path as a dropped file). Frames are drawn on a canvas
 * in this page and stay in memory; nothing is sent anywhere. The stream (and the camera light) stops on
 * Close and when the component unmounts (leaving the Train view, removing the class).
 */
export function WebcamCapture({ className, disabled, onFrame }: { className: string; disabled?: boolean; onFrame: (file: File) => void }) {
  const { t } = useTranslation('teach');
  const [state, setState] = useState<CamState>({ kind: 'off' });
  const [count, setCount] = useState(0);
  const stream = useRef<MediaStream | null>(null);
  const video = useRef<HTMLVideoElement>(null);

  const stop = useCallback(() => {
    stream.current?.getTracks().forEach((tr) => tr.stop());
    stream.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ kind: 'error', message: t('webcam.unsupported') });
      return;
    }
    setState({ kind: 'starting' });
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      stop();
      stream.current = s;
      setState({ kind: 'live' });
    } catch (err) {
      const p = cameraProblem(err);
      if (p.key === 'denied') setState({ kind: 'error', message: t('webcam.denied'), action: t('webcam.deniedAction') });
      else if (p.key === 'none') setState({ kind: 'error', message: t('webcam.none'), action: t('webcam.noneAction') });
      else setState({ kind: 'error', message: t('webcam.failed', { reason: p.reason }) });
    }
  };

  // Attach the stream once the <video> exists.
  useEffect(() => {
    if (state.kind === 'live' && video.current && stream.current && video.current.srcObject !== stream.current) {
      video.current.srcObject = stream.current;
      void video.current.play().catch(() => undefined);
    }
  }, [state.kind]);

  const close = () => {
    stop();
    if (video.current) video.current.srcObject = null;
    setState({ kind: 'off' });
  };

  const capture = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')?.drawImage(v, 0, 0);
    const n = count + 1;
    setCount(n);
    c.toBlob((blob) => {
      if (blob) onFrame(new File([blob], t('webcam.frameName', { n }), { type: 'image/png' }));
    }, 'image/png');
  };

  if (state.kind === 'off' || state.kind === 'error') {
    return (
      <div className="webcam">
        <button type="button" className="link" data-testid="webcam-open" disabled={disabled} title={t('webcam.openTitle')} onClick={() => void start()}>
          {t('webcam.open')}
        </button>
        {state.kind === 'error' && (
          <p className="field-error" role="alert" data-testid="webcam-error">
            {state.message} {state.action}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="webcam webcam-live" data-testid="webcam">
      {state.kind === 'starting' ? (
        <p className="muted" role="status">{t('webcam.starting')}</p>
      ) : (
        <>
          <video ref={video} className="webcam-video" muted playsInline aria-label={t('webcam.videoLabel', { name: className })} data-testid="webcam-video" />
          <p className="muted" role="status">{t('webcam.live')}</p>
        </>
      )}
      <div className="webcam-actions">
        <button type="button" className="primary" data-testid="webcam-capture" disabled={state.kind !== 'live' || disabled} onClick={capture}>{t('webcam.capture')}</button>
        <button type="button" data-testid="webcam-close" onClick={close}>{t('webcam.close')}</button>
      </div>
    </div>
  );
}
