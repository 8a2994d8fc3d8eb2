// Types for ml-cart 2.1.1 (mljs), which ships none: the parts Glassbox uses.
declare module 'ml-cart' {
  export interface CartNode {
    splitColumn?: number;
    splitValue?: number;
    left?: CartNode;
    right?: CartNode;
    /** A leaf's class distribution: a 1 x k ml-matrix (to1DArray()). */
    distribution?: { to1DArray(): number[] };
  }
  export class DecisionTreeClassifier {
    constructor(options?: { gainFunction?: 'gini'; splitFunction?: 'mean'; minNumSamples?: number; maxDepth?: number; gainThreshold?: number });
    root: CartNode;
    train(x: number[][], y: number[]): void;
    predict(x: number[][]): number[];
  }
}
