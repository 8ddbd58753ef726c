// The small map of a record's places (Leaflet is loaded before this file). The page lists the same
// places as text, so without JavaScript nothing is missing. A coarse place is drawn as a circle about a
// kilometre wide around its rounded point, never as a pin.
(() => {
  const element = document.querySelector("[data-record-map]");
  if (!element || typeof L === "undefined") return;
  const { tiles, attribution } = element.dataset;
  const places = JSON.parse(element.dataset.places || "[]");
  if (places.length === 0) return;
  element.hidden = false;
  const map = L.map(element, { maxZoom: 19, scrollWheelZoom: false });
  if (tiles) L.tileLayer(tiles, { attribution: attribution || "", maxZoom: 19 }).addTo(map);
  else element.classList.add("map-blank");
  // The view first (a circle needs one to be drawn), over the circles' whole width.
  const bounds = L.latLngBounds(
    places.map((p) => L.latLng(p.latitude, p.longitude).toBounds(p.coarse ? 2000 : 1)),
  );
  map.fitBounds(bounds, { maxZoom: 15, padding: [24, 24], animate: false });
  for (const p of places) {
    const layer = p.coarse
      ? L.circle([p.latitude, p.longitude], { radius: 1000, weight: 1 })
      : L.marker([p.latitude, p.longitude], { title: p.label, alt: p.label });
    layer.addTo(map);
  }
})();
