import { area, largest } from './shapes';
import type { Shape } from './shapes';

const shapes: Shape[] = [
  { kind: 'circle', radius: 1 },
  { kind: 'rectangle', width: 2, height: 3 },
];

const biggest = largest(shapes, area);
console.log(biggest ? `Largest area: ${area(biggest).toFixed(2)}` : 'No shapes');
