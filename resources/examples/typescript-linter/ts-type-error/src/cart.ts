export interface Item {
  name: string;
  price: number;
  quantity: number;
}

export function total(items: Item[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export function cheapest(items: Item[]): Item | undefined {
  return [...items].sort((a, b) => a.price - b.price)[0];
}
