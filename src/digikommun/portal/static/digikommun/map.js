// The location field's map (Leaflet, vendored). Clicking the map fills in the latitude and
// longitude; typing them moves the marker. Without JavaScript, or with the keyboard, the two
// inputs are the whole field. Tiles come from PORTAL_MAP_TILE_URL (none in tests).
(function () {
  "use strict";
  var script = document.currentScript;
  var images = script ? script.getAttribute("data-leaflet-images") : null;

  function number(input) {
    var text = input.value.replace(",", ".").trim();
    return /^[+-]?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : null;
  }

  function start() {
    if (!window.L) { return; }
    if (images) { window.L.Icon.Default.imagePath = images; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (el) {
      var o = JSON.parse(el.getAttribute("data-map"));
      var lat = document.getElementById(o.lat), lng = document.getElementById(o.lng);
      if (!lat || !lng) { return; }
      el.hidden = false;
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", o.label);
      var hint = el.parentNode.querySelector(".map-keyboard-hint");
      if (hint) { hint.hidden = false; }
      var map = window.L.map(el, { keyboard: true }).setView(o.center, o.zoom);
      if (o.tiles) {
        window.L.tileLayer(o.tiles, { attribution: o.attribution, maxZoom: 19 }).addTo(map);
      }
      if (o.bounds) {
        var area = window.L.latLngBounds([o.bounds[0], o.bounds[1]], [o.bounds[2], o.bounds[3]]);
        window.L.rectangle(area, { fill: false, weight: 2 }).addTo(map);
      }
      var marker = null;
      function place(latlng, pan) {
        if (marker) { marker.setLatLng(latlng); } else {
          marker = window.L.marker(latlng, { keyboard: false, alt: o.label }).addTo(map);
        }
        if (pan) { map.panTo(latlng); }
      }
      function fromInputs() {
        var a = number(lat), b = number(lng);
        if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) { place([a, b], true); }
      }
      map.on("click", function (e) {
        place(e.latlng, false);
        lat.value = e.latlng.lat.toFixed(6);
        lng.value = e.latlng.lng.toFixed(6);
        lat.dispatchEvent(new Event("change", { bubbles: true }));
      });
      lat.addEventListener("change", fromInputs);
      lng.addEventListener("change", fromInputs);
      fromInputs();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
