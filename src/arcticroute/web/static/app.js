/* arcticroute web page: form -> /api/compare, map (Leaflet + Proj4Leaflet), table, season chart.
 *
 * Everything the page shows comes from the JSON API of the same server; the
 * libraries are shipped in /static/vendor (no CDN). The map has no tile layer:
 * land, ice and NSR zones are GeoJSON layers from /api/land, /api/ice/{date}
 * and /api/nsr-zones, drawn in a polar Lambert azimuthal equal-area projection
 * (the mean longitude of the two ports at the bottom, as in the CLI's maps)
 * when a route goes north of 60°N, else in the Equal Earth world projection.
 * Colours come from /api/map-style (the CLI plots' route colours); every label
 * from the JSON catalogue /static/i18n/<lang>.json; the form's state is kept in
 * the URL (?from=&to=&date=&ship=&lang=...), so a link reproduces a comparison.
 */
(function () {
  "use strict";

  var LANGS = ["en", "zh-Hans", "ja", "ko", "ru"];
  var FORM_KEYS = ["from", "to", "date", "ship", "ice_class", "design_speed_kn", "draft_m", "speed_kn",
    "trip", "load_factor", "bunker_usd_per_t", "ets_eur_per_t", "hfo_policy", "ice_source", "ice_stat",
    "polaris"];
  var DEFAULTS = { trip: "one_way", load_factor: "1", hfo_policy: "switch", ice_source: "auto",
    ice_stat: "median", polaris: "normal_only" }; // the API's defaults (web/app.py voyage_options)
  var CHECKS = ["ice", "climatology", "odds", "economics"]; // true/false options, API defaults
  var CHECK_DEFAULTS = { ice: true, climatology: true, odds: false, economics: true };
  var RESOLUTIONS = [];
  for (var i = 0; i <= 12; i++) { RESOLUTIONS.push(Math.pow(2, 16 - i)); } // m per px

  var state = {
    view: "world", lon0: 60, map: null, layers: {}, land: null, zones: null, style: null,
    ice: null, doc: null, season: null, portCodes: {}, lang: "en", cat: {}, picking: null, query: null,
    seasonJob: null, seasonQuery: null, seasonGen: 0
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else if (k === "cls") { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function numLocale() { return state.lang === "en" ? "en-US" : state.lang; }

  function fmt(x, nd) {
    if (x === null || x === undefined || isNaN(x)) { return "–"; }
    return Number(x).toLocaleString(numLocale(), { minimumFractionDigits: nd || 0, maximumFractionDigits: nd || 0 });
  }

  // --- languages -------------------------------------------------------------------------

  function t(key, vars) {
    var s = state.cat[key];
    if (s === undefined) { s = key; }
    Object.keys(vars || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(vars[k])); });
    return s;
  }

  function pickLang() {
    var asked = new URLSearchParams(location.search).get("lang");
    if (LANGS.indexOf(asked) >= 0) { return asked; }
    var nav = (navigator.language || "en").toLowerCase();
    if (nav.indexOf("zh") === 0) { return "zh-Hans"; }
    var two = nav.slice(0, 2);
    return LANGS.indexOf(two) >= 0 ? two : "en";
  }

  function loadLang(lang) {
    return getJSON("/static/i18n/" + lang + ".json").then(function (cat) {
      state.lang = lang;
      state.cat = cat;
      applyLang();
    });
  }

  function applyLang() {
    document.documentElement.lang = state.lang;
    document.documentElement.setAttribute("data-lang-ready", state.lang);
    document.title = t("title");
    $("lang").value = state.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = t(e.getAttribute("data-i18n")); });
    [["placeholder", "data-i18n-placeholder"], ["title", "data-i18n-title"], ["aria-label", "data-i18n-aria-label"]].forEach(function (a) {
      document.querySelectorAll("[" + a[1] + "]").forEach(function (e) { e.setAttribute(a[0], t(e.getAttribute(a[1]))); });
    });
    shipHints();
    if (state.doc) { renderDoc(state.doc); }
    if (state.season) { renderSeason(state.season, state.doc); }
    if (state.map) { drawAll(); }
  }

  // --- API -------------------------------------------------------------------------------

  function getJSON(url, init) {
    var opts = init || {};
    // the server titles its errors in the page's language (Accept-Language)
    opts.headers = { Accept: "application/json", "Accept-Language": state.lang };
    if (opts.body) { opts.headers["Content-Type"] = "application/json"; }
    return fetch(url, opts).then(function (r) {
      return r.json().catch(function () { return { error: "bad_response", message: "HTTP " + r.status }; })
        .then(function (body) {
          if (!r.ok) { var err = new Error(body.message || ("HTTP " + r.status)); err.body = body; err.status = r.status; throw err; }
          return body;
        });
    });
  }

  function portName(p) {
    // a port's name in the page's language where the catalogue has it (key port_<LOCODE>)
    var k = "port_" + (p.locode || "");
    return p.locode && state.cat[k] ? state.cat[k] : p.name;
  }

  function portValue(input) {
    var v = input.value.trim();
    if (state.portCodes[v]) { return state.portCodes[v]; }
    var m = /\(([A-Z]{2}[A-Z0-9]{3})\)$/.exec(v);
    return m ? m[1] : v;
  }

  function formParams() {
    var p = new URLSearchParams();
    FORM_KEYS.forEach(function (k) {
      var v = k === "from" || k === "to" ? portValue($(k)) : $(k).value.trim();
      if (v !== "" && DEFAULTS[k] !== v) { p.set(k, v); }
    });
    CHECKS.forEach(function (k) { if ($(k).checked !== CHECK_DEFAULTS[k]) { p.set(k, String($(k).checked)); } });
    return p;
  }

  function restoreForm(params) {
    FORM_KEYS.forEach(function (k) {
      var v = params.get(k);
      if (v !== null) { $(k).value = v; }
    });
    if (params.get("ice_class") || params.get("design_speed_kn") || params.get("draft_m")) { $("custom-ship").open = true; }
    if (FORM_KEYS.slice(FORM_KEYS.indexOf("speed_kn")).concat(CHECKS).some(function (k) { return params.get(k) !== null; })) {
      $("advanced").open = true;
    }
    CHECKS.forEach(function (k) {
      if (params.get(k) !== null) { $(k).checked = params.get(k) === "true"; }
    });
  }

  function writeUrl(params) {
    var p = new URLSearchParams(params);
    if (state.lang !== "en" || new URLSearchParams(location.search).get("lang")) { p.set("lang", state.lang); }
    history.replaceState(null, "", location.pathname + "?" + p.toString());
  }

  // --- map -------------------------------------------------------------------------------

  function colour(via) { return (state.style && state.style.route_colours[via]) || "#2ca02c"; }
  function escortColour() { return state.style ? state.style.escort_colour : "#ff1fce"; }

  function crsFor(view, lon0) {
    if (view === "polar") {
      var e = 12800000;
      return new L.Proj.CRS("AR:laea" + lon0,
        "+proj=laea +lat_0=90 +lon_0=" + lon0 + " +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
        { resolutions: RESOLUTIONS, origin: [-e, e], bounds: L.bounds([-e, -e], [e, e]) });
    }
    return new L.Proj.CRS("AR:eqearth",
      "+proj=eqearth +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
      { resolutions: RESOLUTIONS, origin: [-17400000, 8500000], bounds: L.bounds([-17400000, -8500000], [17400000, 8500000]) });
  }

  // Leaflet's scale bar measures along the map's middle row, edge to edge, which can
  // leave the projection's domain (NaN); this one measures 100 px about the centre,
  // where the scale of an azimuthal or Equal Earth map is what the bar says.
  var CentreScale = L.Control.Scale.extend({
    _update: function () {
      var map = this._map, c = map.getSize().divideBy(2);
      try {
        var a = map.containerPointToLatLng([c.x - 50, c.y]), b = map.containerPointToLatLng([c.x + 50, c.y]);
        this._updateScales(map.distance(a, b) * this.options.maxWidth / 100);
      } catch (e) { this._updateScales(0); }
    }
  });

  function buildMap() {
    if (state.map) { state.map.remove(); }
    var map = L.map("map", {
      crs: crsFor(state.view, state.lon0), zoomSnap: 0.25, zoomDelta: 0.5,
      worldCopyJump: false, attributionControl: true, preferCanvas: false
    });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Land: Natural Earth · Ice: NOAA/NSIDC CDR");
    // zone labels sit above the route lines
    ["ice", "zones", "land", "grid", "routes", "labels"].forEach(function (name, k) {
      var pane = map.createPane(name);
      pane.style.zIndex = String(400 + k * 10);
    });
    map.getPane("labels").style.pointerEvents = "none";
    new CentreScale({ position: "bottomright", imperial: false }).addTo(map);
    map.on("click", onMapClick);
    state.map = map;
    state.layers = {};
    document.querySelectorAll(".views button").forEach(function (b) {
      var on = b.getAttribute("data-view") === state.view;
      b.classList.toggle("active", on);
      b.setAttribute("aria-pressed", String(on));
    });
    map.setView([90, 0], 1);
    var frame = [];
    for (var lon = -180; lon <= 180; lon += 15) {
      if (state.view === "polar") { frame.push(L.latLng(55, lon)); } else { frame.push(L.latLng(-55, lon), L.latLng(80, lon)); }
    }
    fitProjected(frame);
    addLegend(map);
  }

  function setLayer(name, layer) {
    if (state.layers[name]) { state.map.removeLayer(state.layers[name]); }
    state.layers[name] = layer;
    if (layer) { layer.addTo(state.map); }
  }

  function drawLand() {
    if (!state.land || !state.map || !state.style) { return; }
    // built once: turning 300 kB of GeoJSON into Leaflet layers costs more than drawing them
    state.landLayer = state.landLayer || L.geoJSON(state.land, {
      pane: "land", interactive: false,
      style: { color: "#7d786c", weight: 0.6, fillColor: state.style.land_colour, fillOpacity: 1 }
    });
    setLayer("land", state.landLayer);
    $("map").setAttribute("data-land", "drawn");
  }

  function drawGraticule() {
    if (state.view !== "polar") { setLayer("grid", null); return; }
    var lines = [];
    [60, 70, 80].forEach(function (lat) {
      var ring = [];
      for (var lon = -180; lon <= 180; lon += 3) { ring.push([lat, lon]); }
      lines.push(ring);
    });
    for (var lon = -180; lon < 180; lon += 30) { lines.push([[50, lon], [89.5, lon]]); }
    setLayer("grid", L.polyline(lines, {
      pane: "grid", interactive: false, color: "#6b7c93", weight: 0.6, opacity: 0.6, dashArray: "3 4"
    }));
  }

  function bandColour(band) {
    var b = (state.style ? state.style.ice_bands : []).filter(function (x) { return x.band === band; })[0];
    return b ? b.colour : "#c9a227";
  }

  function drawIce() {
    var on = $("show-ice").checked && state.view === "polar" && state.ice && state.style;
    setLayer("ice", on ? L.geoJSON(state.ice, {
      pane: "ice", interactive: false,
      style: function (f) { return { stroke: false, fillColor: bandColour(f.properties.band), fillOpacity: 0.85 }; }
    }) : null);
    if (on) { $("map").setAttribute("data-ice", state.ice.requested_date || ""); }
  }

  function escortZones() {
    var zones = {};
    ((state.doc || {}).routes || []).forEach(function (r) {
      (r.zones || []).forEach(function (z) { if (z.escort_needed) { zones[z.zone] = true; } });
    });
    return zones;
  }

  function drawZones() {
    var on = $("show-zones").checked && state.view === "polar" && state.zones && state.map;
    if (!on) { setLayer("zones", null); setLayer("zoneLabels", null); return; }
    var escort = escortZones();
    var layer = L.geoJSON(state.zones, {
      pane: "zones",
      style: function (f) {
        var e = escort[f.properties.zone];
        return {
          color: e ? escortColour() : "#6a3d9a", weight: e ? 2.2 : 1, dashArray: e ? null : "4 3",
          fillColor: e ? escortColour() : "#6a3d9a", fillOpacity: e ? 0.18 : 0.04
        };
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        l.bindTooltip(t("zone_tip", { zone: p.zone, name: p.name }) + (escort[p.zone] ? t("zone_tip_escort") : ""), { sticky: true });
      }
    });
    setLayer("zones", layer);
    var biggest = {};
    layer.eachLayer(function (l) {
      var z = l.feature.properties.zone;
      var e = l.getElement && l.getElement();
      if (e) {
        e.setAttribute("data-zone", z);
        if (escort[z]) { e.setAttribute("data-escort", "true"); }
      }
      var n = l.getLatLngs()[0].length;
      if (!biggest[z] || n > biggest[z].n) { biggest[z] = { n: n, layer: l }; }
    });
    var labels = L.layerGroup();
    Object.keys(biggest).forEach(function (z) {
      var icon = L.divIcon({ className: "zone-label", html: String(z), iconSize: [16, 14] });
      labels.addLayer(L.marker(biggest[z].layer.getCenter(), { icon: icon, pane: "labels", interactive: false, keyboard: false }));
    });
    setLayer("zoneLabels", labels);
  }

  function tagPaths(layer, attrs) {
    layer.eachLayer(function (l) {
      var e = l.getElement && l.getElement();
      if (e) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
      if (l.eachLayer) { tagPaths(l, attrs); }
    });
  }

  function drawRoutes() {
    var doc = state.doc;
    if (!doc || !state.map) { setLayer("routes", null); return; }
    var group = L.featureGroup();
    var shown = [];
    var dashed = state.style ? state.style.dashed : [];
    doc.routes.forEach(function (r) {
      var casing = L.geoJSON(r.geometry, { pane: "routes", interactive: false, style: { color: "#ffffff", weight: 5.5, opacity: 0.85 } });
      group.addLayer(casing);
      if (r.escort_geometry) {
        var esc = L.geoJSON(r.escort_geometry, { pane: "routes", style: { color: escortColour(), weight: 11, opacity: 0.6, lineCap: "butt" } });
        esc.bindTooltip(t("escort_tip", { via: viaName(r.via) }), { sticky: true });
        group.addLayer(esc);
        esc._arEscort = r.via;
      }
      var dash = dashed.indexOf(r.via) >= 0 ? "9 7" : null;
      var line = L.geoJSON(r.geometry, { pane: "routes", style: { color: colour(r.via), weight: 3, opacity: 0.95, dashArray: dash } });
      line.bindTooltip(t("route_tip", { via: viaName(r.via), nm: fmt(r.distance_nm), days: fmt(r.duration_days, 1) }), { sticky: true });
      line._arVia = r.via;
      group.addLayer(line);
      shown.push(r.via);
    });
    [doc.from, doc.to].forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { pane: "routes", radius: 5, color: "#111", weight: 1.5, fillColor: "#ffd400", fillOpacity: 1 });
      m.bindTooltip(portName(p), { permanent: true, direction: "right", offset: [6, 0], className: "port-label" });
      group.addLayer(m);
    });
    setLayer("routes", group);
    group.eachLayer(function (l) {
      if (l._arVia) { tagPaths(l, { "data-via": l._arVia, "class": "ar-route leaflet-interactive" }); }
      if (l._arEscort) { tagPaths(l, { "data-escort": l._arEscort, "class": "ar-escort leaflet-interactive" }); }
    });
    $("map").setAttribute("data-routes", shown.join(","));
  }

  function routeLatLngs(geometry) {
    var lines = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates;
    var out = [];
    lines.forEach(function (line) { line.forEach(function (c) { out.push(L.latLng(c[1], c[0])); }); });
    return out;
  }

  function fitProjected(latlngs) {
    // Leaflet's fitBounds frames a lon/lat rectangle, wrong in a polar projection:
    // frame the projected points instead.
    var map = state.map, crs = map.options.crs;
    var xs = [], ys = [];
    latlngs.forEach(function (ll) {
      var p = crs.projection.project(ll);
      if (isFinite(p.x) && isFinite(p.y)) { xs.push(p.x); ys.push(p.y); }
    });
    if (!xs.length) { return; }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var size = map.getSize(), pad = 30;
    var res = Math.max((x1 - x0) / Math.max(size.x - 2 * pad, 50), (y1 - y0) / Math.max(size.y - 2 * pad, 50), 200);
    var zoom = Math.floor(crs.zoom(1 / res) * 4) / 4;
    map.setView(crs.projection.unproject(L.point((x0 + x1) / 2, (y0 + y1) / 2)), zoom, { animate: false });
  }

  function polarThreshold() { return state.style ? state.style.polar_threshold_lat : 60; }

  function fitView() {
    var doc = state.doc;
    if (!doc) { return; }
    var pts = [L.latLng(doc.from.lat, doc.from.lon), L.latLng(doc.to.lat, doc.to.lon)];
    doc.routes.forEach(function (r) {
      // The polar view frames the Arctic routes and the Suez route north of 25°N (the
      // reference); the Cape, Panama and the far south of Suez may leave the frame.
      var arctic = r.max_lat > polarThreshold();
      routeLatLngs(r.geometry).forEach(function (ll) {
        if (state.view === "world" || arctic || (r.via === "suez" && ll.lat > 25)) { pts.push(ll); }
      });
    });
    fitProjected(pts);
  }

  function drawAll() {
    buildMap();
    fitView(); // frame first: a later setView would project every layer a second time
    drawLand();
    drawGraticule();
    drawIce();
    drawZones();
    drawRoutes();
    caption();
  }

  function iceText() {
    var ice = state.ice;
    return t("legend_ice", { date: ice.requested_date || "", source: tr("src_", ice.ice_source || "") + " · " + (ice.product || "") +
      (ice.statistic ? " " + ice.statistic : "") });
  }

  function caption() {
    var c = "";
    if (state.view === "polar" && state.ice && $("show-ice").checked) { c = iceText(); } else if (state.view === "world") { c = t("world_caption"); }
    $("map-caption").textContent = c;
  }

  function inkOn(hex) {
    // black or white text, whichever contrasts more with the colour (WCAG 2.1 luminance)
    var c = [1, 3, 5].map(function (k) {
      var v = parseInt(hex.slice(k, k + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    var lum = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? "#111" : "#fff";
  }

  function addLegend(map) {
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var box = L.DomUtil.create("details", "legend");
      box.open = window.innerWidth >= 800;
      box.appendChild(el("summary", { text: t("legend") }));
      if (!state.doc && state.view !== "polar") { box.hidden = true; }
      (state.doc ? state.doc.routes : []).forEach(function (r) {
        var row = el("div", {}, [el("span", { cls: "ln" }), viaName(r.via)]);
        row.firstChild.style.borderTopColor = colour(r.via);
        if (state.style && state.style.dashed.indexOf(r.via) >= 0) { row.firstChild.style.borderTopStyle = "dashed"; }
        box.appendChild(row);
      });
      if (state.view === "polar" && state.style) {
        if (state.ice) { box.appendChild(el("div", { cls: "ice-date", text: iceText() })); }
        box.appendChild(el("div", { text: t("ice_conc") }));
        var ramp = el("div", { cls: "ramp", "data-legend": "ice" });
        state.style.ice_bands.forEach(function (b) {
          var txt = b.band === "unknown" ? "?" : b.min_pct + "–" + b.max_pct;
          var sw = el("span", { text: txt, "data-band": b.band });
          sw.style.background = b.colour;
          sw.style.color = inkOn(b.colour);
          ramp.appendChild(sw);
        });
        box.appendChild(ramp);
        box.appendChild(el("div", { text: "? = " + t("ice_unknown") }));
        var z = el("div", {}, [el("span", { cls: "sw" }), t("zone_escort")]);
        z.firstChild.style.background = escortColour();
        z.firstChild.style.opacity = "0.5";
        box.appendChild(z);
        var e = el("div", {}, [el("span", { cls: "ln" }), t("escorted")]);
        e.firstChild.style.borderTopColor = escortColour();
        e.firstChild.style.borderTopWidth = "6px";
        box.appendChild(e);
      }
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
  }

  function setView(view) {
    state.view = view;
    drawAll();
  }

  // --- click on the map to place a position ------------------------------------------------

  function startPick(which) {
    state.picking = state.picking === which ? null : which;
    ["from", "to"].forEach(function (k) { $("pick-" + k).setAttribute("aria-pressed", String(state.picking === k)); });
    $("map").classList.toggle("picking", !!state.picking);
    if (state.picking) { status(t("picking", { which: t(which) }), false); }
  }

  function onMapClick(ev) {
    if (!state.picking) { return; }
    var lat = ev.latlng.lat, lon = ((ev.latlng.lng + 540) % 360) - 180;
    var pos = lat.toFixed(2) + "," + lon.toFixed(2);
    var which = state.picking;
    $(which).value = pos;
    startPick(which);
    status(t("picked", { which: t(which), pos: pos }), false);
  }

  // --- table, verdicts ---------------------------------------------------------------------

  function tr(prefix, value) { return t(prefix + value) === prefix + value ? value : t(prefix + value); }

  function viaName(via) { return tr("via_", via); }

  function feasibilityCell(r, v) {
    var td = el("td");
    if (!v) {
      td.appendChild(el("span", { cls: "yes", text: t("yes") }));
      td.appendChild(document.createTextNode(" " + t("open_water_lanes")));
      return td;
    }
    td.appendChild(el("span", { cls: v.feasible ? "yes" : "no", text: v.feasible ? t("feasible") : t("not_feasible") }));
    var src = v.ice_source;
    td.appendChild(document.createTextNode(" " + t("ice_kind", { kind: tr("src_", src.kind) }) + (src.statistic ? " (" + src.statistic + ")" : "") +
      (v.feasible && v.arrival ? ", " + t("arrives", { t: v.arrival.replace("T", " ") }) : "")));
    if (v.escort_zones && v.escort_zones.length) {
      td.appendChild(el("div", { cls: "escort", text: t("escort_in", { zones: v.escort_zones.join(", ") }) }));
    }
    if (v.heavy_ice) {
      td.appendChild(el("div", { text: t("heavy_ice", { v: v.heavy_ice.feasible ? t("heavy_feasible", { days: fmt(v.heavy_ice.hours / 24, 1) }) : t("not_feasible") }) }));
    }
    // a route's odds sit with its verdict in doc.verdicts
    var odds = v.odds || (r && state.doc && ((state.doc.verdicts || {})[r.via] || {}).odds);
    if (odds) { td.appendChild(el("div", { cls: "odds", text: oddsText(odds) })); }
    if (v.reasons && v.reasons.length) {
      td.appendChild(el("ul", { cls: "reasons" }, v.reasons.map(function (x) { return el("li", { text: x }); })));
    }
    return td;
  }

  function oddsText(o) {
    // how often the voyage was feasible on the same day of the observed years (--odds)
    if (!o.years.length) {
      var m = o.missing_years;
      return t("odds_none", { span: m.length ? m[0] + "–" + m[m.length - 1] : "" });
    }
    var text = t("odds_text", { feasible: o.feasible_years.length, years: o.years.length });
    return text + (o.feasible_years.length ? " (" + o.feasible_years.join(", ") + ")" : "");
  }

  function passageName(p) { return tr("p_", p); }

  function swatch(via) {
    var sw = el("span", { cls: "swatch" });
    sw.style.background = colour(via);
    return sw;
  }

  function renderTable(doc) {
    var tbody = $("compare-table").querySelector("tbody");
    tbody.textContent = "";
    var unit = null;
    doc.routes.forEach(function (r) { if (r.economics && !unit) { unit = r.economics.cargo_unit; } });
    $("unit-col").textContent = t("col_per_unit", { unit: unit || "unit" });
    doc.routes.forEach(function (r) {
      var e = r.economics;
      var s = r.saving_vs_suez;
      var same = s === null || r.via === "suez" || Math.abs(s.distance_pct) < 1e-9;
      var vs = same ? "–" : (-s.distance_pct > 0 ? "+" : "") + fmt(-s.distance_pct, 1) + " %";
      tbody.appendChild(el("tr", { "data-via": r.via, "data-feasible": String(r.feasible) }, [
        el("td", {}, [swatch(r.via), viaName(r.via)]),
        el("td", { text: r.passages.filter(function (p) { return p !== "inland"; }).map(passageName).join(" · ") || "–" }),
        el("td", { cls: "num", text: fmt(r.distance_nm) }),
        el("td", { cls: "num", text: fmt(r.duration_days, 1) }),
        el("td", { cls: "num", text: vs }),
        el("td", { cls: "num", text: e ? fmt(e.costs.total_usd / 1e6, 2) : t("na") }),
        el("td", { cls: "num", text: e && e.per_unit_usd !== null ? fmt(e.per_unit_usd) : "–" }),
        el("td", { cls: "num", text: e ? fmt(e.co2_t) : "–" }),
        feasibilityCell(r, r.ice)
      ]));
    });
    Object.keys(doc.verdicts || {}).forEach(function (via) {
      if (doc.routes.some(function (r) { return r.via === via; })) { return; }
      var cells = [el("td", {}, [swatch(via), viaName(via)]), el("td", { text: "–" })];
      for (var k = 0; k < 6; k++) { cells.push(el("td", { cls: "num", text: "–" })); }
      cells.push(feasibilityCell(null, doc.verdicts[via]));
      tbody.appendChild(el("tr", { "data-via": via, "data-feasible": "false", cls: "infeasible" }, cells));
    });
    Object.keys(doc.unavailable || {}).forEach(function (via) {
      if ((doc.verdicts || {})[via]) { return; }
      var c = (doc.corridors || []).filter(function (x) { return x.via === via; })[0];
      var why = (c && (c.status === "not_applicable" || c.status === "not_considered") ? t(c.status) + " " : "") + doc.unavailable[via];
      tbody.appendChild(el("tr", { "data-via": via, "data-feasible": "false", cls: "infeasible" }, [
        el("td", { text: viaName(via) }), el("td", { colspan: "8", text: why })
      ]));
    });
  }

  function yes(x) { return x === true ? t("yes") : x === false ? t("no") : t("unconfirmed"); }

  function renderVerdicts(doc) {
    var box = $("verdicts");
    box.textContent = "";
    Object.keys(doc.verdicts || {}).forEach(function (via) {
      var v = doc.verdicts[via];
      if (!v.zones || !v.zones.length) { return; }
      box.appendChild(el("h3", { text: t("zones_title", { via: viaName(via), date: v.date, policy: tr("policy_", v.policy) }) }));
      var head = ["z_zone", "z_entered", "z_nm", "z_h", "z_max_ice", "z_min_rio", "z_conditions", "z_alone", "z_escort"];
      var table = el("table", { cls: "zones", "data-via": via }, [
        el("thead", {}, [el("tr", {}, head.map(function (h, k) { return el("th", { cls: k >= 2 && k <= 5 ? "num" : "", text: t(h) }); }))])
      ]);
      var tb = el("tbody");
      v.zones.forEach(function (z) {
        tb.appendChild(el("tr", { "data-zone": String(z.zone) }, [
          el("td", { text: z.zone + " " + z.name }),
          el("td", { text: (z.entered || "").slice(0, 16).replace("T", " ") }),
          el("td", { cls: "num", text: fmt(z.distance_nm) }),
          el("td", { cls: "num", text: fmt(z.hours, 1) }),
          el("td", { cls: "num", text: z.max_concentration === null ? "–" : fmt(z.max_concentration, 2) }),
          el("td", { cls: "num", text: z.min_rio === null ? "–" : fmt(z.min_rio, 1) }),
          el("td", { text: tr("cond_", z.ice_conditions) }),
          el("td", { text: yes(z.independent_allowed) }),
          el("td", { cls: z.escort_needed ? "escort" : "", text: z.escort_needed ? t("escort_needed") : "–" })
        ]));
      });
      table.appendChild(tb);
      box.appendChild(el("div", { cls: "table-wrap", tabindex: "0", role: "region", "aria-label": t("zones_title", { via: viaName(via), date: v.date, policy: tr("policy_", v.policy) }) }, [table]));
    });
  }

  function renderNotes(doc) {
    var ul = $("notes");
    ul.textContent = "";
    var seen = {};
    doc.routes.forEach(function (r) {
      (r.assumptions || []).concat(r.economics ? r.economics.notes : []).forEach(function (n) {
        if (!seen[n]) { seen[n] = true; ul.appendChild(el("li", { text: n })); }
      });
      if (r.economics_unavailable) { ul.appendChild(el("li", { text: viaName(r.via) + ": " + r.economics_unavailable })); }
    });
  }

  function renderDoc(doc) {
    var q = state.query;
    $("results-title").textContent = t("results_title", {
      from: portName(doc.from), to: portName(doc.to), ship: doc.ship ? doc.ship.name : "",
      speed: doc.speed_kn ? t("at_speed", { speed: doc.speed_kn }) : "", date: q ? q.get("date") : ""
    });
    renderTable(doc);
    renderVerdicts(doc);
    renderNotes(doc);
  }

  // --- season chart ------------------------------------------------------------------------

  function renderSeason(season, doc) {
    var box = $("season");
    box.textContent = "";
    var rows = season.rows;
    var W = 760, H = 214, L0 = 46, R0 = 14, T0 = 12, B0 = 34;
    var year = season.year;
    var t0 = Date.UTC(year, 0, 1), t1 = Date.UTC(year + 1, 0, 1);
    function x(iso) { return L0 + (W - L0 - R0) * (Date.parse(iso + "T00:00:00Z") - t0) / (t1 - t0); }
    var suez = doc ? doc.routes.filter(function (r) { return r.via === "suez"; })[0] : null;
    var maxDays = 10;
    rows.forEach(function (r) { if (r.transit_days) { maxDays = Math.max(maxDays, r.transit_days); } });
    if (suez) { maxDays = Math.max(maxDays, suez.duration_days); }
    maxDays = Math.ceil(maxDays / 5) * 5 + 5;
    function y(d) { return T0 + (H - T0 - B0) * (1 - d / maxDays); }
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "data-rows": String(rows.length), id: "season-svg" });
    var title = t("season_title", { variant: viaName(season.variant), year: year, from: portName(season.from), to: portName(season.to) }) +
      (season.first_day ? t("season_span", { first: season.first_day, last: season.last_day, days: season.length_days }) : t("season_none"));
    s.setAttribute("aria-label", title);
    box.appendChild(el("p", { cls: "season-title", text: title }));
    for (var d = 0; d <= maxDays; d += 5) {
      s.appendChild(svg("line", { x1: L0, x2: W - R0, y1: y(d), y2: y(d), stroke: "#e3e8ee" }));
      var lab = svg("text", { x: L0 - 6, y: y(d) + 4, "text-anchor": "end", fill: "#4f5a69" });
      lab.textContent = String(d);
      s.appendChild(lab);
    }
    var mid = T0 + (H - T0 - B0) / 2;
    var yl = svg("text", { x: 12, y: mid, transform: "rotate(-90 12 " + mid + ")", "text-anchor": "middle", fill: "#4f5a69" });
    yl.textContent = t("transit_days");
    s.appendChild(yl);
    var monthFmt = new Intl.DateTimeFormat(numLocale(), { month: "short", timeZone: "UTC" });
    for (var k = 0; k < 12; k++) {
      var iso = year + "-" + String(k + 1).padStart(2, "0") + "-01";
      s.appendChild(svg("line", { x1: x(iso), x2: x(iso), y1: H - B0, y2: H - B0 + 4, stroke: "#8a94a3" }));
      var ml = svg("text", { x: x(iso) + 4, y: H - B0 + 16, fill: "#4f5a69" });
      ml.textContent = monthFmt.format(new Date(Date.UTC(year, k, 1)));
      s.appendChild(ml);
    }
    s.appendChild(svg("line", { x1: L0, x2: W - R0, y1: H - B0, y2: H - B0, stroke: "#8a94a3" }));
    var bw = Math.max(4, (W - L0 - R0) / 26 - 4);
    rows.forEach(function (r) {
      var cx = x(r.departure);
      var mark, tip;
      if (r.feasible && r.transit_days) {
        mark = svg("rect", { x: cx - bw / 2, y: y(r.transit_days), width: bw, height: H - B0 - y(r.transit_days), fill: colour(season.variant), "data-departure": r.departure, "data-feasible": "true" });
        tip = t("bar_feasible", { date: r.departure, days: fmt(r.transit_days, 1) });
      } else {
        mark = svg("rect", { x: cx - bw / 2, y: H - B0 - 6, width: bw, height: 6, fill: r.feasible === null ? "#b0b7c0" : "#e3b2ad", "data-departure": r.departure, "data-feasible": String(r.feasible) });
        tip = t(r.feasible === null ? "bar_unknown" : "bar_not", { date: r.departure }) + (r.reason ? " (" + r.reason + ")" : "");
      }
      var title2 = svg("title", {});
      title2.textContent = tip;
      mark.appendChild(title2);
      s.appendChild(mark);
    });
    if (suez) {
      s.appendChild(svg("line", { x1: L0, x2: W - R0, y1: y(suez.duration_days), y2: y(suez.duration_days), stroke: colour("suez"), "stroke-dasharray": "6 4", "stroke-width": 1.5 }));
      var sl = svg("text", { x: W - R0 - 4, y: y(suez.duration_days) - 4, "text-anchor": "end", fill: "#1a5f8f" });
      sl.textContent = t("suez_days", { days: fmt(suez.duration_days, 1) });
      s.appendChild(sl);
    }
    box.appendChild(s);
    box.appendChild(el("p", { cls: "hint", text: t("season_hint", { basis: season.basis }) + " " + season.method + "." }));
    (season.notes || []).forEach(function (n) { box.appendChild(el("p", { cls: "hint", text: n })); });
  }

  // --- season scan as a background job -----------------------------------------------------

  function seasonJob(params, onProgress) {
    // POST /api/season (a background job on the server), then poll the job every 0.4 s
    // until it ends; resolves with the season (the body of GET /api/season)
    var body = {};
    params.forEach(function (v, k) { body[k] = k === "year" ? Number(v) : v; });
    return getJSON("/api/season", { method: "POST", body: JSON.stringify(body) }).then(function (job) {
      return new Promise(function (resolve, reject) {
        var poll = function (j) {
          if (j.state === "done") { resolve(j.result); return; }
          if (j.state === "failed" || j.state === "cancelled") {
            var err = new Error((j.error || {}).message || j.state);
            err.body = j.error || {};
            reject(err);
            return;
          }
          onProgress(j);
          setTimeout(function () { getJSON(j.links.self).then(poll, reject); }, 400);
        };
        poll(job);
      });
    });
  }

  function showSeasonProgress(job) {
    // the job's state as a line of text and a progress bar in the season panel
    var box = $("season");
    box.textContent = "";
    var p = job.progress;
    var text = job.state === "queued" || !p.planned ? t("season_queued")
      : t("season_progress", { done: p.done, planned: p.planned });
    box.appendChild(el("p", { cls: "hint", text: text, id: "season-status" }));
    var bar = el("progress", { id: "season-progress", max: "1", "aria-label": t("season") });
    bar.value = Math.max(p.fraction, Number(box.dataset.shown || 0));
    box.dataset.shown = String(bar.value); // the bar never moves back when the plan grows
    box.appendChild(bar);
  }

  function cancelSeasonJob() {
    if (state.seasonJob) { fetch("/api/jobs/" + state.seasonJob, { method: "DELETE" }).catch(function () {}); }
    state.seasonJob = null;
  }

  function firstFeasibleAfter(season, day) {
    var r = season.rows.filter(function (x) { return x.feasible && x.departure > day; })[0];
    return r ? r.departure : null;
  }

  function nextDeparture(season, params, day) {
    // When the Arctic variant is closed on the date asked: the first feasible departure
    // after it in the season scan (this year's, else next year's): departures at the
    // scan's step, so it can differ by a few days from the CLI's outlook.
    var box = $("next-departure");
    box.textContent = "";
    box.hidden = true;
    var v = state.doc && (state.doc.verdicts || {})[season.variant];
    if (!v || v.feasible) { return; }
    var show = function (date, year) {
      box.textContent = date ? t("next_departure", { via: viaName(season.variant), date: date })
        : t("no_next_departure", { via: viaName(season.variant), year: year });
      box.hidden = false;
    };
    var found = firstFeasibleAfter(season, day);
    if (found || season.year >= 2100) { show(found, season.year); return; }
    var next = new URLSearchParams(params);
    next.set("year", String(season.year + 1));
    seasonJob(next, function () {}).then(function (s2) {
      show(firstFeasibleAfter(s2, day), s2.year);
    }).catch(function () { show(null, season.year); });
  }

  // --- form ------------------------------------------------------------------------------

  function status(text, isError, suggestions, input) {
    var s = $("status");
    s.textContent = text;
    s.className = "status" + (isError ? " error" : "");
    (suggestions || []).forEach(function (sug) {
      var b = el("button", { type: "button", cls: "suggest", text: sug });
      b.addEventListener("click", function () {
        (input || $("to")).value = sug;
        status("", false);
      });
      s.appendChild(b);
    });
  }

  function errorHead(code) {
    // a headline in the page's language for the server's error code; its message follows
    var key = "err_" + code;
    return t(key) === key ? t("err_other") : t(key);
  }

  function whichInput(message) {
    var m = /unknown port '([^']*)'/.exec(message || "");
    if (!m) { return null; }
    if ($("from").value.trim() === m[1] || portValue($("from")) === m[1]) { return $("from"); }
    return $("to");
  }

  function polarWanted(doc) {
    return doc.routes.some(function (r) { return r.max_lat > polarThreshold(); }) ||
      Object.keys(doc.verdicts || {}).length > 0;
  }

  function meanLon(a, b) {
    var r = Math.PI / 180;
    var lon = Math.atan2(Math.sin(a * r) + Math.sin(b * r), Math.cos(a * r) + Math.cos(b * r)) / r;
    return Math.round(lon / 5) * 5;
  }

  function loadIce() {
    // the field the comparison used, or its heavy-ice (p90) counterpart when asked on the map
    var stat = $("show-p90").checked ? "p90" : $("ice_stat").value;
    var q = "?stat=" + stat + "&source=" + $("ice_source").value;
    return getJSON("/api/ice/" + state.iceDay + q).catch(function () { return null; });
  }

  function setDownloads(params) {
    ["csv", "geojson"].forEach(function (f) {
      var p = new URLSearchParams(params);
      p.set("format", f);
      $("dl-" + f).setAttribute("href", "/api/compare?" + p.toString());
    });
    $("takeaway").hidden = false;
  }

  function submit(ev) {
    if (ev) { ev.preventDefault(); }
    var params = formParams();
    if (!params.get("from") || !params.get("to") || !params.get("date")) {
      status(t("need_inputs"), true);
      return;
    }
    writeUrl(params);
    state.query = params;
    $("submit").disabled = true;
    status(t("computing"), false);
    var day = params.get("date");
    state.iceDay = day;
    var icePromise = loadIce();
    getJSON("/api/compare?" + params.toString()).then(function (doc) {
      state.doc = doc;
      state.lon0 = meanLon(doc.from.lon, doc.to.lon);
      state.view = polarWanted(doc) ? "polar" : "world";
      $("results").hidden = false;
      $("intro").hidden = true;
      renderDoc(doc);
      setDownloads(params);
      return icePromise.then(function (ice) {
        state.ice = ice;
        drawAll();
        // on a phone the form fills the first screen: bring the map into view
        if (ev && window.innerWidth < 800) { $("map").scrollIntoView({ block: "start" }); }
        status(t("done", { routes: doc.routes.length, verdicts: Object.keys(doc.verdicts || {}).length }), false);
      });
    }).catch(function (err) {
      var body = err.body || {};
      status(errorHead(body.error) + " " + (err.message || ""), true, body.suggestions, whichInput(err.message));
    }).then(function () {
      $("submit").disabled = false;
    });
    var seasonParams = new URLSearchParams();
    ["from", "to", "ship", "ice_class", "design_speed_kn", "draft_m", "ice_stat"].forEach(function (k) {
      if (params.get(k) !== null) { seasonParams.set(k, params.get(k)); }
    });
    seasonParams.set("year", day.slice(0, 4));
    if (state.seasonQuery !== seasonParams.toString()) { cancelSeasonJob(); }
    state.seasonQuery = seasonParams.toString();
    var gen = ++state.seasonGen;
    state.season = null;
    $("season").textContent = t("season_computing");
    delete $("season").dataset.shown;
    seasonJob(seasonParams, function (job) {
      if (gen !== state.seasonGen) { return; }
      state.seasonJob = job.id;
      showSeasonProgress(job);
    }).then(function (season) {
      if (gen !== state.seasonGen) { return; }
      state.seasonJob = null;
      state.season = season;
      var tryRender = function () {
        if (state.doc || !$("submit").disabled) {
          renderSeason(season, state.doc);
          nextDeparture(season, seasonParams, day);
        } else { setTimeout(tryRender, 200); }
      };
      tryRender();
    }).catch(function (err) {
      if (gen !== state.seasonGen) { return; }
      state.seasonJob = null;
      $("season").textContent = t("season_unavailable", { why: err.message });
    });
  }

  function autocomplete(input, list) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || state.portCodes[q]) { return; }
      timer = setTimeout(function () {
        getJSON("/api/ports?limit=8&q=" + encodeURIComponent(q)).then(function (ports) {
          list.textContent = "";
          ports.forEach(function (p) {
            var label = p.name + (p.locode ? " (" + p.locode + ")" : "");
            if (p.locode) { state.portCodes[label] = p.locode; }
            list.appendChild(el("option", { value: label, label: label + " " + p.country }));
          });
        }).catch(function () { list.textContent = ""; });
      }, 180);
    });
  }

  function loadShips() {
    return getJSON("/api/ships").then(function (ships) {
      var sel = $("ship");
      ships.forEach(function (s) {
        var o = el("option", { value: s.slug, text: s.name });
        o.setAttribute("data-ice-class", s.ice_class);
        o.setAttribute("data-speed", s.design_speed_kn);
        o.setAttribute("data-draft", s.draft_m);
        sel.appendChild(o);
      });
      sel.value = "container_4500teu_arc4";
      shipHints();
    });
  }

  function shipHints() {
    var o = $("ship").selectedOptions[0];
    if (!o) { return; }
    $("ice_class").options[0].textContent = t("preset_option", { v: o.getAttribute("data-ice-class") });
    $("design_speed_kn").placeholder = t("preset_hint", { v: o.getAttribute("data-speed") });
    $("draft_m").placeholder = t("preset_hint", { v: o.getAttribute("data-draft") });
    $("speed_kn").placeholder = t("preset_hint", { v: o.getAttribute("data-speed") });
  }

  // --- the map as a PNG --------------------------------------------------------------------

  function paneOrder(svgEl) {
    var pane = svgEl.closest(".leaflet-pane");
    return pane ? Number(getComputedStyle(pane).zIndex) || 0 : 0;
  }

  function drawSvg(ctx, svgEl) {
    // Each Leaflet pane draws into its own <svg>, whose viewBox starts at its top-left
    // corner in layer pixels; the map pane's offset turns that into map pixels. A data:
    // URL of the svg is an image (CSP: img-src data:).
    var vb = (svgEl.getAttribute("viewBox") || "0 0 0 0").split(" ").map(Number);
    var pane = L.DomUtil.getPosition(state.map.getPane("mapPane"));
    var x = vb[0] + pane.x, y = vb[1] + pane.y;
    var copy = svgEl.cloneNode(true);
    copy.removeAttribute("style"); // its CSS translate would move the image a second time
    var xml = new XMLSerializer().serializeToString(copy);
    return new Promise(function (resolve) {
      var img = new Image();
      img.onload = function () { ctx.drawImage(img, x, y, vb[2], vb[3]); resolve(); };
      img.onerror = function () { resolve(); };
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
    });
  }

  function drawLabels(ctx, box) {
    ctx.font = "bold 11px sans-serif";
    ctx.textBaseline = "middle";
    document.querySelectorAll("#map .zone-label, #map .port-label").forEach(function (e) {
      var r = e.getBoundingClientRect();
      ctx.fillStyle = "rgba(255,255,255,0.9)";
      ctx.fillRect(r.left - box.left, r.top - box.top, r.width, r.height);
      ctx.fillStyle = e.classList.contains("zone-label") ? "#4b2577" : "#111";
      ctx.fillText(e.textContent, r.left - box.left + 3, r.top - box.top + r.height / 2);
    });
  }

  function drawKey(ctx) {
    var lines = [$("results-title").textContent, $("map-caption").textContent];
    var routes = state.doc ? state.doc.routes : [];
    ctx.font = "12px sans-serif";
    var w = Math.max.apply(null, lines.concat(routes.map(function (r) { return viaName(r.via); }))
      .map(function (x) { return ctx.measureText(x).width; })) + 40;
    var h = 18 * (lines.length + routes.length) + 10;
    ctx.fillStyle = "rgba(255,255,255,0.92)";
    ctx.fillRect(8, 8, w, h);
    ctx.fillStyle = "#1d2733";
    lines.forEach(function (x, k) { ctx.fillText(x, 14, 22 + 18 * k); });
    routes.forEach(function (r, k) {
      var y = 22 + 18 * (lines.length + k);
      ctx.strokeStyle = colour(r.via);
      ctx.lineWidth = 3;
      ctx.setLineDash(state.style && state.style.dashed.indexOf(r.via) >= 0 ? [6, 4] : []);
      ctx.beginPath(); ctx.moveTo(14, y); ctx.lineTo(34, y); ctx.stroke();
      ctx.fillText(viaName(r.via), 40, y);
    });
  }

  function mapPng() {
    var box = $("map").getBoundingClientRect();
    var canvas = el("canvas", { width: String(Math.round(box.width)), height: String(Math.round(box.height)) });
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = state.style ? state.style.sea_colour : "#dbe8f4";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    var svgs = Array.prototype.slice.call(document.querySelectorAll("#map .leaflet-pane svg"));
    svgs.sort(function (a, b) { return paneOrder(a) - paneOrder(b); });
    return svgs.reduce(function (chain, s) { return chain.then(function () { return drawSvg(ctx, s); }); }, Promise.resolve())
      .then(function () {
        drawLabels(ctx, box);
        drawKey(ctx);
        var a = el("a", { href: canvas.toDataURL("image/png"), download: "arcticroute-map.png" });
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
  }

  function printReport() {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
    window.print();
  }

  function copyLink() {
    var url = location.href;
    var done = function () { status(t("link_copied") + " " + url, false); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, done);
    } else { done(); }
  }

  var ICE_CLASSES = ["PC1", "PC2", "PC3", "PC4", "PC5", "PC6", "PC7", "Arc9", "Arc8", "Arc7", "Arc6", "Arc5", "Arc4",
    "Ice3", "Ice2", "Ice1", "IA Super", "IA", "IB", "IC", "none"]; // arcticroute.iceclass.IceClass

  function init() {
    ICE_CLASSES.forEach(function (c) { $("ice_class").appendChild(el("option", { value: c, text: c })); });
    $("date").value = new Date().toISOString().slice(0, 10);
    autocomplete($("from"), $("from-list"));
    autocomplete($("to"), $("to-list"));
    $("ship").addEventListener("change", shipHints);
    $("voyage-form").addEventListener("submit", submit);
    $("lang").addEventListener("change", function () {
      loadLang($("lang").value).then(function () { writeUrl(state.query || new URLSearchParams(location.search)); });
    });
    document.querySelectorAll(".views button").forEach(function (b) {
      b.addEventListener("click", function () { setView(b.getAttribute("data-view")); });
    });
    ["from", "to"].forEach(function (k) { $("pick-" + k).addEventListener("click", function () { startPick(k); }); });
    $("show-ice").addEventListener("change", function () { drawIce(); caption(); });
    $("show-zones").addEventListener("change", drawZones);
    $("show-p90").addEventListener("change", function () {
      if (!state.iceDay) { return; }
      loadIce().then(function (ice) { state.ice = ice; drawAll(); });
    });
    $("print").addEventListener("click", printReport);
    $("dl-png").addEventListener("click", mapPng);
    $("copy-link").addEventListener("click", copyLink);
    buildMap();
    var asked = new URLSearchParams(location.search);
    var ready = Promise.all([
      loadLang(pickLang()).catch(function () { return null; }),
      loadShips().catch(function (err) { status(t("error_ships", { why: err.message }), true); })
    ]);
    Promise.all([getJSON("/api/map-style"), getJSON("/api/land")]).then(function (res) {
      state.style = res[0];
      state.land = res[1];
      drawLand();
    }).catch(function (err) { status(t("error_land", { why: err.message }), true); });
    getJSON("/api/nsr-zones").then(function (z) { state.zones = z; drawZones(); }).catch(function () { state.zones = null; });
    ready.then(function () {
      restoreForm(asked);
      shipHints();
      if (asked.get("from") && asked.get("to")) { submit(null); }
    });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
