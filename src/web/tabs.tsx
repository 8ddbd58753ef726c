/** One page of a section, as a tab. */
export interface Tab {
  id: string;
  href: string;
  label: string;
}

/**
 * A section's header: a link to the place it belongs to, then the section's pages as tabs, the page
 * shown marked as current for screen readers. Modules give it their labels and addresses.
 */
export function SectionTabs(props: {
  home: { href: string; label: string };
  /** What the tabs are, for screen readers ("Sections de l'annuaire"). */
  label: string;
  tabs: Tab[];
  current: string;
}) {
  return (
    <header class="space-header">
      <p class="kicker">
        <a href={props.home.href}>{props.home.label}</a>
      </p>
      <nav aria-label={props.label} class="tabs">
        <ul>
          {props.tabs.map((tab) => (
            <li key={tab.id}>
              <a href={tab.href} aria-current={tab.id === props.current ? "page" : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
