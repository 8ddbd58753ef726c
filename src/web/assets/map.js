// The map of the directory of commons, and a pin for each place on the commons form. Plain ES2020, no
// build step; Leaflet is loaded before this file. The directory's clusters are made by the server.
// Names and summaries come from people: they only ever go into the page as text (textContent, element
// properties), never as HTML.
(() => {
  // Read now: document.currentScript is only set while this file runs for the first time.
  const script = document.currentScript;
  const MAINLAND_FRANCE = { center: [46.6, 2.4], zoom: 5 };
  const PIN_HINT = "Déplacez l’épingle, ou touchez la carte, pour placer le lieu.";

  /** The tile layer when a tile URL is set; a plain background otherwise (no third party). */
  function addBase(map, tiles, attribution) {
    if (tiles) L.tileLayer(tiles, { attribution: attribution || "", maxZoom: 19 }).addTo(map);
    else map.getContainer().classList.add("map-blank");
  }

  /** Only links to our own pages (or at least web pages) become popup links. */
  function safeHref(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function paragraph(className, text) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  /** A marker's symbol: its kind's place in the directory's list of kinds (map.css draws eight). */
  function symbolOf(kinds, kind) {
    const i = kinds.findIndex((k) => k.slug === kind);
    return i < 0 ? "kind-other" : `kind-${i % 8}`;
  }

  function popupOf(point, settings) {
    const box = document.createElement("div");
    box.className = "map-popup";
    const title = document.createElement("p");
    title.className = "map-popup-name";
    const href = safeHref(settings.recordsUrl + encodeURIComponent(point.slug));
    const name = document.createElement(href ? "a" : "strong");
    name.textContent = point.name;
    if (href) {
      name.href = href;
      if (settings.linkTarget) name.target = settings.linkTarget;
    }
    title.append(name);
    box.append(title);
    const kind = settings.kinds.find((k) => k.slug === point.kind);
    if (kind) box.append(paragraph("map-popup-meta", kind.label));
    return box;
  }

  function markerOf(point, settings) {
    const marker = L.marker([point.latitude, point.longitude], {
      icon: L.divIcon({
        className: `map-marker ${symbolOf(settings.kinds, point.kind)}`,
        iconSize: [22, 22],
        iconAnchor: [11, 11],
        popupAnchor: [0, -10],
      }),
      title: point.name,
      riseOnHover: true,
    });
    marker.bindPopup(() => popupOf(point, settings));
    return marker;
  }

  /** A cluster: its count, and a tap zooms to where it splits. */
  function clusterOf(cluster, map, settings) {
    const size = cluster.count < 10 ? 32 : cluster.count < 100 ? 38 : cluster.count < 1000 ? 44 : 50;
    const count = document.createElement("span");
    count.textContent = String(cluster.count);
    const marker = L.marker([cluster.latitude, cluster.longitude], {
      icon: L.divIcon({ className: "marker-cluster", html: count, iconSize: [size, size] }),
      title: settings.clusterLabel.replace("{count}", String(cluster.count)),
      riseOnHover: true,
    });
    marker.on("click", () => map.setView([cluster.latitude, cluster.longitude], cluster.zoom));
    return marker;
  }

  /** The viewport widened to a grid of the zoom's tiles, so that people looking around share answers. */
  function snappedBox(map) {
    const zoom = Math.round(map.getZoom());
    const cell = 180 / 2 ** zoom;
    const b = map.getBounds();
    const down = (n) => Math.floor(n / cell) * cell;
    const up = (n) => Math.ceil(n / cell) * cell;
    const box = [
      Math.max(-90, down(b.getSouth())),
      Math.max(-180, down(b.getWest())),
      Math.min(90, up(b.getNorth())),
      Math.min(180, up(b.getEast())),
    ];
    return { zoom: String(zoom), bbox: box.map((n) => Number(n.toFixed(6))).join(",") };
  }

  /** The directory map: clusters and markers of the viewport, asked of the server at each move. */
  async function directoryMap(element) {
    const { pointsUrl, tiles, attribution, linkTarget } = element.dataset;
    const settings = {
      recordsUrl: element.dataset.recordsUrl || "",
      kinds: JSON.parse(element.dataset.kinds || "[]"),
      clusterLabel: element.dataset.clusterLabel || "{count}",
      linkTarget,
    };
    const places = document.querySelector("[data-map-places]");
    element.hidden = false;
    for (const note of document.querySelectorAll("[data-map-nojs]")) note.hidden = true;
    for (const link of document.querySelectorAll("[data-map-to-list]"))
      link.addEventListener("click", () => {
        if (places) places.open = true;
      });
    element.dataset.state = "loading";
    const map = L.map(element, {
      maxZoom: 19,
      scrollWheelZoom: document.body.classList.contains("map-embed"),
    });
    addBase(map, tiles, attribution);
    const layer = L.layerGroup().addTo(map);
    const drawn = new Map();
    const ask = async (params, signal) => {
      const url = new URL(pointsUrl, window.location.href);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const response = await fetch(url, { headers: { accept: "application/json" }, signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    };
    let asking = null;
    const refresh = async () => {
      asking?.abort();
      const controller = new AbortController();
      asking = controller;
      element.dataset.state = "loading";
      try {
        const { points, clusters } = await ask(snappedBox(map), controller.signal);
        // Markers still in view stay as they are: a popup open on one (whose opening may have moved
        // the map, hence this request) stays open.
        const wanted = new Map([
          ...clusters.map((c) => [
            `c ${c.latitude} ${c.longitude} ${c.count}`,
            () => clusterOf(c, map, settings),
          ]),
          ...points.map((p) => [`p ${p.id} ${p.latitude} ${p.longitude}`, () => markerOf(p, settings)]),
        ]);
        for (const [key, marker] of drawn)
          if (!wanted.has(key)) {
            layer.removeLayer(marker);
            drawn.delete(key);
          }
        for (const [key, make] of wanted)
          if (!drawn.has(key)) {
            const marker = make();
            drawn.set(key, marker);
            layer.addLayer(marker);
          }
        element.dataset.count = String(points.length + clusters.reduce((n, c) => n + c.count, 0));
        element.dataset.state = "ready";
      } catch (error) {
        if (error.name === "AbortError") return;
        if (places) places.open = true;
        element.dataset.state = "error";
        console.error("map points", error);
      }
    };
    try {
      // At zoom 0 the answer is a handful of clusters, and the bounds of every point.
      const { bounds } = await ask({ zoom: "0" });
      if (bounds)
        // More room above: a popup opens over its marker.
        map.fitBounds(
          [
            [bounds[0], bounds[1]],
            [bounds[2], bounds[3]],
          ],
          { paddingTopLeft: [24, 56], paddingBottomRight: [24, 16], maxZoom: 15, animate: false },
        );
      else map.setView(MAINLAND_FRANCE.center, MAINLAND_FRANCE.zoom);
    } catch (error) {
      map.setView(MAINLAND_FRANCE.center, MAINLAND_FRANCE.zoom);
      console.error("map bounds", error);
    }
    map.on("moveend", refresh);
    await refresh();
    // The list stays in the page, folded: the map now shows the same places.
    if (places && element.dataset.state === "ready") places.open = false;
  }

  function coordinate(input) {
    const n = Number(String(input.value).trim().replace(",", "."));
    return input.value.trim() !== "" && Number.isFinite(n) ? n : null;
  }

  function write(input, value) {
    input.value = String(Number(value.toFixed(7)));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /** A small map under a place's coordinates: dragging (or tapping) the pin writes them, as a manual pin. */
  function placePicker(fieldset, settings, fallbackCenter) {
    const i = fieldset.dataset.place;
    const latitude = fieldset.querySelector(`input[name="places.${i}.latitude"]`);
    const longitude = fieldset.querySelector(`input[name="places.${i}.longitude"]`);
    if (!latitude || !longitude || fieldset.querySelector(".place-map")) return;
    const hint = paragraph("hint place-map-hint", settings.pinHint || PIN_HINT);
    const box = document.createElement("div");
    box.className = "place-map";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", settings.pinLabel || hint.textContent);
    const anchor = fieldset.querySelector(".coordinates") || longitude.closest(".field") || longitude;
    anchor.after(hint, box);

    const map = L.map(box, { maxZoom: 19, scrollWheelZoom: false });
    addBase(map, settings.tiles, settings.attribution);
    let marker = null;
    const place = (latlng) => {
      if (marker) marker.setLatLng(latlng);
      else {
        marker = L.marker(latlng, { draggable: true, autoPan: true, title: hint.textContent }).addTo(map);
        marker.on("dragend", () => pinned(marker.getLatLng()));
      }
    };
    const pinned = (latlng) => {
      const wrapped = latlng.wrap();
      write(latitude, wrapped.lat);
      write(longitude, wrapped.lng);
      fieldset.dataset.pin = "manual";
    };
    const lat = coordinate(latitude);
    const lon = coordinate(longitude);
    if (lat !== null && lon !== null) {
      map.setView([lat, lon], 16);
      place([lat, lon]);
    } else if (fallbackCenter) map.setView(fallbackCenter, 13);
    else map.setView(MAINLAND_FRANCE.center, MAINLAND_FRANCE.zoom);
    map.on("click", (event) => {
      place(event.latlng);
      pinned(event.latlng);
    });
    // Coordinates typed by hand move the pin too.
    const typed = () => {
      const a = coordinate(latitude);
      const b = coordinate(longitude);
      if (a === null || b === null || Math.abs(a) > 90 || Math.abs(b) > 180) return;
      place([a, b]);
      map.panTo([a, b]);
    };
    latitude.addEventListener("change", typed);
    longitude.addEventListener("change", typed);
  }

  /** Every place block of the commons form gets its map; empty ones start near the record's other places. */
  function enhancePlaceForms(form) {
    const settings = { ...(script ? script.dataset : {}), ...form.dataset };
    const fieldsets = [...form.querySelectorAll("fieldset.place[data-place]")];
    let known = null;
    for (const fieldset of fieldsets) {
      const i = fieldset.dataset.place;
      const lat = fieldset.querySelector(`input[name="places.${i}.latitude"]`);
      const lon = fieldset.querySelector(`input[name="places.${i}.longitude"]`);
      if (lat && lon && coordinate(lat) !== null && coordinate(lon) !== null) {
        known = [coordinate(lat), coordinate(lon)];
        break;
      }
    }
    for (const fieldset of fieldsets) placePicker(fieldset, settings, known);
  }

  function start() {
    if (typeof L === "undefined") return;
    const element = document.getElementById("map");
    if (element?.dataset.pointsUrl) directoryMap(element);
    const form = document.querySelector("form.commons-form");
    if (form) enhancePlaceForms(form);
  }

  start();
})();
