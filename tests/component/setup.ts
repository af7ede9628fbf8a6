/**
 * Component tests run in happy-dom, which has no layout engine: every element measures 0×0 and scrollTop is a
 * plain number. The virtualized lists (console, file preview) need a viewport, so their scrolling containers get
 * a minimal stand-in here: a fixed size (400 × 800 px = 20 rows of 20 px), a scrollHeight equal to their inner
 * element's height, and a scrollTop that is clamped and fires `scroll` as a browser does. This is the one layout
 * stand-in; real layout and scrolling are covered by the Chromium E2E.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

const VIEWPORT_CLASSES = ['console-viewport', 'code-view', 'compare-problems', 'compare-files', 'diff-view'];
const isViewport = (el: Element) => VIEWPORT_CLASSES.some((c) => el.classList.contains(c));

function stubSize(prop: 'clientHeight' | 'clientWidth' | 'offsetHeight' | 'offsetWidth', value: number) {
  const owner = [HTMLElement.prototype, Element.prototype].find((p) => Object.getOwnPropertyDescriptor(p, prop));
  const original = owner && Object.getOwnPropertyDescriptor(owner, prop);
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      if (isViewport(this)) return value;
      return original?.get ? (original.get.call(this) as number) : 0;
    },
  });
}

const VIEWPORT_HEIGHT = 400;

/** The inner element's CSS height (the virtualizer's total size). */
function contentHeight(el: HTMLElement): number {
  const inner = el.firstElementChild as HTMLElement | null;
  return inner ? Number.parseFloat(inner.style.height) || 0 : 0;
}

const scrollTops = new WeakMap<Element, number>();
const scrollTop = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop');
const scrollHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight');
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return isViewport(this) ? Math.max(VIEWPORT_HEIGHT, contentHeight(this)) : ((scrollHeight?.get?.call(this) as number) ?? 0);
  },
});
Object.defineProperty(HTMLElement.prototype, 'scrollTop', {
  configurable: true,
  get(this: HTMLElement) {
    return isViewport(this) ? (scrollTops.get(this) ?? 0) : ((scrollTop?.get?.call(this) as number) ?? 0);
  },
  set(this: HTMLElement, value: number) {
    if (!isViewport(this)) {
      scrollTop?.set?.call(this, value);
      return;
    }
    const max = Math.max(0, this.scrollHeight - VIEWPORT_HEIGHT);
    const next = Math.min(max, Math.max(0, value));
    if (next === (scrollTops.get(this) ?? 0)) return;
    scrollTops.set(this, next);
    queueMicrotask(() => this.dispatchEvent(new Event('scroll')));
  },
});

const scrollTo = HTMLElement.prototype.scrollTo;
HTMLElement.prototype.scrollTo = function (this: HTMLElement, ...args: unknown[]) {
  if (!isViewport(this)) return (scrollTo as (...a: unknown[]) => void).apply(this, args);
  const [first, second] = args;
  const top = typeof first === 'object' && first !== null ? (first as ScrollToOptions).top : (second as number | undefined);
  if (typeof top === 'number') this.scrollTop = top;
};

stubSize('clientHeight', VIEWPORT_HEIGHT);
stubSize('offsetHeight', VIEWPORT_HEIGHT);
stubSize('clientWidth', 800);
stubSize('offsetWidth', 800);

afterEach(() => {
  cleanup();
  delete (window as { hapyy?: unknown }).hapyy;
  delete document.documentElement.dataset.theme;
  localStorage.clear();
});
