import type { ComponentChildren } from "preact";

/**
 * A wide table's box, which scrolls sideways on a phone. It takes the keyboard's focus so that the
 * table's hidden columns can be reached without a mouse (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
export function TableScroll({ children }: { children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be focusable to be scrolled by keyboard
    <div class="table-scroll" tabIndex={0}>
      {children}
    </div>
  );
}
