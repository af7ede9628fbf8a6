import { cheapest, total } from './cart';
import type { Item } from './cart';

const items: Item[] = [
  { name: 'pen', price: 1.5, quantity: 4 },
  // Type error: the price is a string.
  { name: 'notebook', price: '3.20', quantity: 2 },
];

console.log(`Total: ${total(items).toFixed(2)}`);

// Type error under strict: cheapest() may return undefined.
console.log(`Cheapest: ${cheapest(items).name}`);
