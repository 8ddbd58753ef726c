// The map of the directory of commons, and a pin for each place on the commons form. Plain ES2020, no
// build step; Leaflet (and leaflet.markercluster for the directory map) are loaded before this file.
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

  function popupOf(point, target) {
    const box = document.createElement("div");
    box.className = "map-popup";
    const title = document.createElement("p");
    title.className = "map-popup-name";
    const href = safeHref(point.url);
    const name = document.createElement(href ? "a" : "strong");
    name.textContent = point.name;
    if (href) {
      name.href = href;
      if (target) name.target = target;
    }
    title.append(name);
    box.append(title);
    if (point.commune) box.append(paragraph("map-popup-meta", point.commune));
    if (point.summary) box.append(paragraph("map-popup-summary", point.summary));
    return box;
  }

  function markerOf(point, target) {
    const marker = L.marker([point.latitude, point.longitude], {
      title: point.name,
      alt: point.name,
      riseOnHover: true,
    });
    marker.bindPopup(() => popupOf(point, target));
    return marker;
  }

  function clusterGroup() {
    return typeof L.markerClusterGroup === "function"
      ? L.markerClusterGroup({ showCoverageOnHover: false })
      : L.featureGroup();
  }

  /** The directory map: every point of the filtered directory, clustered, the view fitted to them. */
  async function directoryMap(element) {
    const { pointsUrl, tiles, attribution, linkTarget } = element.dataset;
    const places = document.querySelector("[data-map-places]");
    element.hidden = false;
    for (const note of document.querySelectorAll("[data-map-nojs]")) note.hidden = true;
    element.dataset.state = "loading";
    // Clusters need a highest zoom, which a map without a tile layer does not have.
    const map = L.map(element, {
      maxZoom: 19,
      scrollWheelZoom: document.body.classList.contains("map-embed"),
    });
    map.setView(MAINLAND_FRANCE.center, MAINLAND_FRANCE.zoom);
    addBase(map, tiles, attribution);
    try {
      const response = await fetch(pointsUrl, { headers: { accept: "application/json" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { points } = await response.json();
      const located = points.filter((p) => Number.isFinite(p.latitude) && Number.isFinite(p.longitude));
      const group = clusterGroup();
      for (const point of located) group.addLayer(markerOf(point, linkTarget));
      if (located.length > 0) {
        const bounds = L.latLngBounds(located.map((p) => [p.latitude, p.longitude]));
        // More room above: a pin stands over its point.
        map.fitBounds(bounds, {
          paddingTopLeft: [24, 56],
          paddingBottomRight: [24, 16],
          maxZoom: 15,
          animate: false,
        });
      }
      group.addTo(map);
      // The list stays in the page, folded: the map now shows the same places.
      if (places) places.open = false;
      element.dataset.count = String(located.length);
      element.dataset.state = "ready";
    } catch (error) {
      if (places) places.open = true;
      element.dataset.state = "error";
      console.error("map points", error);
    }
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
