import { afterEach, describe, expect, it, vi } from 'vitest';

// The state's setDisplay is replaced by a controllable fake: each call waits until the test lets it finish.
const calls: { imageId: string; display: unknown; finish: (ok: boolean) => void }[] = [];
vi.mock('./clinicalApi', () => ({
  changeDisplay: (imageId: string, display: unknown) =>
    new Promise<void>((resolve, reject) => calls.push({ imageId, display, finish: (ok) => (ok ? resolve() : reject(new Error('refused'))) })),
}));

const { requestDisplay, useClinicalView } = await import('./displayState');
const { useStudio } = await import('../../state/store');

const d = (center: number, width: number) => ({ window: { center, width }, invert: false, frame: 0 });
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  calls.length = 0;
});

describe('requestDisplay', () => {
  it('shows the asked display at once, sends one at a time, the last one wins, and clears the draft when done', async () => {
    requestDisplay('ct', d(40, 400));
    requestDisplay('ct', d(30, 420));
    requestDisplay('ct', d(20, 440));
    expect(useClinicalView.getState().draft).toEqual({ imageId: 'ct', display: d(20, 440) });
    expect(calls.map((c) => c.display)).toEqual([d(40, 400)]);
    calls[0].finish(true);
    await tick();
    // The middle request was never sent: the last one replaced it.
    expect(calls.map((c) => c.display)).toEqual([d(40, 400), d(20, 440)]);
    expect(useClinicalView.getState().draft).not.toBeNull();
    calls[1].finish(true);
    await tick();
    expect(useClinicalView.getState().draft).toBeNull();
  });

  it('a refusal becomes a notice and the draft goes', async () => {
    const before = useStudio.getState().notices.length;
    requestDisplay('ct', d(-600, 1500));
    calls[0].finish(false);
    await tick();
    expect(useStudio.getState().notices.length).toBe(before + 1);
    expect(useClinicalView.getState().draft).toBeNull();
  });
});
