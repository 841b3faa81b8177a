// Fault reporting's maps (Leaflet, vendored). The configuration is a JSON data block named by
// the map element's data-fault-map. With data-pick-lat/-lng, clicking the map (or "Use my
// position") fills in the coordinates; otherwise the map shows the reports' markers. Without
// JavaScript the address field and the coordinates, or the list of reports, are the page.
// Also shows only the chosen category's questions.
(function () {
  "use strict";

  function number(input) {
    var text = input.value.replace(",", ".").trim();
    return /^[+-]?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : null;
  }

  function categories() {
    var radios = document.querySelectorAll("[data-category]");
    var groups = document.querySelectorAll("[data-questions-for]");
    if (!radios.length) { return; }
    function show() {
      var chosen = null;
      Array.prototype.forEach.call(radios, function (r) { if (r.checked) { chosen = r.value; } });
      Array.prototype.forEach.call(groups, function (g) {
        g.hidden = g.getAttribute("data-questions-for") !== chosen;
      });
    }
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", show); });
    show();
  }

  function mapFor(el) {
    var source = document.getElementById(el.getAttribute("data-fault-map"));
    if (!source || !window.L) { return; }
    var o = JSON.parse(source.textContent);
    if (o.images) { window.L.Icon.Default.imagePath = o.images; }
    el.hidden = false;
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", o.label);
    var map = window.L.map(el, { keyboard: true }).setView(o.center, o.zoom);
    if (o.tiles) {
      window.L.tileLayer(o.tiles, { attribution: o.attribution, maxZoom: 19 }).addTo(map);
    }
    (o.boundary || []).forEach(function (ring) {
      window.L.polygon(ring, { fill: false, weight: 2, interactive: false }).addTo(map);
    });
    (o.markers || []).forEach(function (m) {
      var marker = window.L.marker([m.lat, m.lng], { title: m.title, alt: m.title, keyboard: false }).addTo(map);
      if (m.url) {
        marker.bindPopup('<a href="' + encodeURI(m.url) + '"></a>');
        marker.on("popupopen", function (e) {
          var a = e.popup.getElement().querySelector("a");
          if (a) { a.textContent = m.title; }
        });
      }
    });
    var latId = el.getAttribute("data-pick-lat"), lngId = el.getAttribute("data-pick-lng");
    if (!latId || !lngId) { return; }
    var lat = document.getElementById(latId), lng = document.getElementById(lngId);
    var hint = el.parentNode.querySelector(".map-keyboard-hint");
    if (hint) { hint.hidden = false; }
    var pin = null;
    function place(latlng, pan) {
      if (pin) { pin.setLatLng(latlng); } else {
        pin = window.L.marker(latlng, { keyboard: false, alt: o.label }).addTo(map);
      }
      if (pan) { map.panTo(latlng); }
    }
    function set(a, b) {
      lat.value = a.toFixed(6);
      lng.value = b.toFixed(6);
      place([a, b], true);
    }
    function fromInputs() {
      var a = number(lat), b = number(lng);
      if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) { place([a, b], true); }
    }
    map.on("click", function (e) { set(e.latlng.lat, e.latlng.lng); });
    lat.addEventListener("change", fromInputs);
    lng.addEventListener("change", fromInputs);
    fromInputs();
    var button = document.getElementById("use-position");
    var status = document.getElementById("position-status");
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () {
        status.textContent = button.getAttribute("data-wait") || "…";
        navigator.geolocation.getCurrentPosition(function (p) {
          set(p.coords.latitude, p.coords.longitude);
          status.textContent = "";
        }, function () {
          status.textContent = button.getAttribute("data-failed") || "";
        }, { enableHighAccuracy: true, timeout: 10000 });
      });
    }
  }

  function start() {
    categories();
    Array.prototype.forEach.call(document.querySelectorAll("[data-fault-map]"), mapFor);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
