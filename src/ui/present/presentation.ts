import { create } from 'zustand';
import type { MethodDescriptor } from '../../shared/types';

/** Whether presentation mode is on (UI-only state: nothing in the studio's store depends on it). */
export const usePresentation = create<{ on: boolean }>(() => ({ on: false }));

export const presentation = {
  enter(): void {
    usePresentation.setState({ on: true });
  },
  leave(): void {
    usePresentation.setState({ on: false });
  },
};

/** The order the method menu shows: class activation maps, then gradients, then perturbation. */
const KIND_ORDER: MethodDescriptor['kind'][] = ['cam', 'gradient', 'perturbation'];

/**
 * The methods presentation mode steps through: the compatible ones, in the method menu's order (grouped
 * by kind as the menu's optgroups are, registry order inside a group).
 *
 * @param methods every method the engine offers, in registry order
 * @returns their ids, compatible ones only
 */
export function presentationOrder(methods: Pick<MethodDescriptor, 'id' | 'kind' | 'compatible'>[]): string[] {
  return KIND_ORDER.flatMap((k) => methods.filter((m) => m.compatible && m.kind === k).map((m) => m.id));
}

/**
 * The method `delta` steps away from `current` in `order`, wrapping around at both ends (the last method's
 * right arrow goes to the first). An unknown or empty `current` starts from the first method.
 *
 * @returns the next method id, or null when `order` is empty
 */
export function stepMethod(order: string[], current: string, delta: number): string | null {
  if (order.length === 0) return null;
  const at = order.indexOf(current);
  if (at < 0) return order[0];
  const n = order.length;
  return order[(((at + delta) % n) + n) % n];
}
