// Suggestions for a field that chooses a record by its name: as someone types, the names matching it
// fill the field's datalist. Without this file the field takes the name or short address as typed, and
// the server lists the matching records to pick from.
(() => {
  const WAIT_MS = 200;
  for (const input of document.querySelectorAll("input[data-suggest]")) {
    const list = input.list;
    if (!list) continue;
    let timer = 0;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (q.length < 2 || q === asked) return;
        asked = q;
        const url = new URL(input.dataset.suggest, window.location.href);
        url.searchParams.set("q", q);
        try {
          const response = await fetch(url, { headers: { accept: "application/json" } });
          if (!response.ok) return;
          const { suggestions } = await response.json();
          list.replaceChildren(
            ...suggestions.map((s) => {
              const option = document.createElement("option");
              option.value = s.name;
              if (s.commune) option.label = s.commune;
              return option;
            }),
          );
        } catch {
          // No suggestions: the field still takes what is typed.
        }
      }, WAIT_MS);
    });
  }
})();
