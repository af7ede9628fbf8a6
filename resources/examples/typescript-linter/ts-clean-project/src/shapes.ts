export type Shape =
  | { kind: 'circle'; radius: number }
  | { kind: 'rectangle'; width: number; height: number };

export function area(shape: Shape): number {
  switch (shape.kind) {
    case 'circle':
      return Math.PI * shape.radius ** 2;
    case 'rectangle':
      return shape.width * shape.height;
  }
}

export function largest<T>(values: readonly T[], measure: (value: T) => number): T | undefined {
  let best: T | undefined;
  let bestSize = -Infinity;
  for (const value of values) {
    const size = measure(value);
    if (size > bestSize) {
      best = value;
      bestSize = size;
    }
  }
  return best;
}
